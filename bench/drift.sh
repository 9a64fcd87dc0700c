#!/usr/bin/env bash
# bench/drift.sh — DriftSentinel compute: the core (build/bin/bench-drift) against the numpy peer
# and the near-limit C++ reference of ../shared/bench, in ONE invocation, on the same data.
# Usage: bench/drift.sh [--dealers N ...]   (extra args go to all three; default full size:
#        2000 dealers x 32 features x 30 days = 184,320,000 samples). Env: REPEAT (default 3).
# Prints the three parseable lines and one summary line:
#   drift-bench core_samples_per_s=.. numpy_samples_per_s=.. limit_samples_per_s=.. core_over_numpy=.. core_over_limit=.. results_match=yes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
shared=${SHARED_DIR:-$(cd "$root/../shared" 2>/dev/null && pwd || true)}
[ -n "$shared" ] && [ -x "$shared/bench/drift-peers.sh" ] || { echo "drift.sh: ../shared/bench/drift-peers.sh not found (set SHARED_DIR)" >&2; exit 2; }
bin="$root/build/bin/bench-drift"
[ -x "$bin" ] || cmake --build "$root/build" --target bench-drift >&2
REPEAT=${REPEAT:-3}
peers=$(REPEAT=$REPEAT "$shared/bench/drift-peers.sh" "$@")
echo "$peers"
np=$(grep '^drift-numpy ' <<<"$peers"); lim=$(grep '^drift-limit kind=rolling' <<<"$peers")
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
core=$("$bin" --repeat "$REPEAT" "$@" --expect-windows "$(get flagged_windows "$np")" --expect-series "$(get flagged_series "$np")")
echo "$core"
awk -v c="$(get samples_per_s "$core")" -v n="$(get samples_per_s "$np")" -v l="$(get samples_per_s "$lim")" \
  'BEGIN { printf "drift-bench core_samples_per_s=%.4g numpy_samples_per_s=%.4g limit_samples_per_s=%.4g core_over_numpy=%.2f core_over_limit=%.2f results_match=yes\n", c, n, l, c / n, c / l }'
