#!/usr/bin/env bash
# bench/audit.sh — audit trail: durable appends/s (256-byte entries, 4 writer threads, group
# commit) and verification MB/s, in ONE invocation with ../shared/bench/crypto-limit.sh.
# Usage: bench/audit.sh [bench-audit options]   (env RUNS: crypto-limit runs, default 3)
# Last line: audit-bench appends_per_s=.. verify_MB_per_s=.. limit_MB_per_s=.. verify_over_limit=..
# where the limit is the combined single-thread openssl sha256 + aes-256-gcm throughput at 256 B:
# 1 / (1/sha256 + 1/aes-256-gcm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
shared=${SHARED_DIR:-$(cd "$root/../shared" 2>/dev/null && pwd || true)}
[ -n "$shared" ] && [ -x "$shared/bench/crypto-limit.sh" ] || { echo "audit.sh: ../shared/bench/crypto-limit.sh not found (set SHARED_DIR)" >&2; exit 2; }
bin="$root/build/bin/bench-audit"
[ -x "$bin" ] || cmake --build "$root/build" --target bench-audit >&2
limits=$("$shared/bench/crypto-limit.sh" "${RUNS:-3}")
echo "$limits"
core=$("$bin" "$@")
echo "$core"
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
sha=$(grep 'alg=sha256 bytes=256 ' <<<"$limits" | sed -n 's/.* MBps=\([^ ]*\).*/\1/p')
aes=$(grep 'alg=aes-256-gcm bytes=256 ' <<<"$limits" | sed -n 's/.* MBps=\([^ ]*\).*/\1/p')
awk -v a="$(get appends_per_s "$core")" -v v="$(get verify_MB_per_s "$core")" -v s="$sha" -v g="$aes" \
  'BEGIN { l = 1 / (1 / s + 1 / g); printf "audit-bench appends_per_s=%.0f verify_MB_per_s=%.1f sha256_MBps=%s aes_gcm_MBps=%s limit_MB_per_s=%.1f verify_over_limit=%.2f\n", a, v, s, g, l, v / l }'
