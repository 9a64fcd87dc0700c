#!/usr/bin/env bash
# bench/console.sh — the console's responsiveness (build/bin/bench-console), offscreen unless a
# display is set: first paint, a 1,000,000-point chart, the longest GUI-thread stall while the
# chart is zoomed and panned (LTTB on the thread pool), while a 30-day what-if replay runs from
# the reward page, and while a 1,000,000-record audit trail is verified and browsed on the audit
# review page. Options go to bench-console (--scenario chart|replay|audit|all, --runs N,
# --audit-records N, --log-dealers N, --replay-days N). Prints the figures; bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
bin="${BENCH_CONSOLE:-$root/build/bin/bench-console}"
[ -x "$bin" ] || cmake --build "$root/build" --target bench-console >&2
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen
QT_LOGGING_RULES='*.info=false' "$bin" "$@" 2>/dev/null
