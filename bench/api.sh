#!/usr/bin/env bash
# api.sh — orchestratord against both Node peers of ../shared/bench/peers/node-api with
# ../shared/bench/api-ratio.sh (same run, alternating A B A B A B), unpinned and with PIN=1.
#
# Usage: bench/api.sh [--quick]
# Env: ORCHESTRATORD (default build/bin/orchestratord), NODE_PEER_DIR (a copy of node-api with
#      node_modules; made with `npm ci` in a temporary directory when missing), MODES ("0 1": PIN
#      values), PEERS ("http fastify"), plus api-ratio.sh's ROUNDS and api-load.sh's DURATION etc.
# Output: the api-ratio lines, prefixed with "peer=<variant> pin=<0|1>", then a summary per
# endpoint against the faster peer (the per-endpoint minimum ratio).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
daemon=${ORCHESTRATORD:-$root/build/bin/orchestratord}
[ -x "$daemon" ] || { echo "api.sh: $daemon not built (cmake --build --preset default)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "api.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
command -v node >/dev/null || { echo "api.sh: node not found" >&2; exit 2; }
if [ "${1:-}" = --quick ]; then export ROUNDS=${ROUNDS:-1} DURATION=${DURATION:-3s}; fi

peer=${NODE_PEER_DIR:-}
if [ -z "$peer" ]; then
  if [ -d "$shared/peers/node-api/node_modules" ]; then
    peer=$shared/peers/node-api
  else
    # The shared directory is read-only: install the peer's locked dependencies in a copy.
    peer=$(mktemp -d /tmp/node-api.XXXXXX)
    cp -r "$shared/peers/node-api/." "$peer/"
    (cd "$peer" && npm ci --silent >/dev/null 2>&1) || { echo "api.sh: npm ci failed in $peer" >&2; exit 2; }
  fi
fi

data=$(mktemp -d /tmp/orchestratord-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
out=$(mktemp /tmp/api-bench.XXXXXX)
rc=0
for pin in ${MODES:-0 1}; do
  for variant in ${PEERS:-http fastify}; do
    case $variant in
      http) pport=8082; script=server-http.js ;;
      fastify) pport=8081; script=server-fastify.js ;;
      *) echo "api.sh: unknown peer $variant" >&2; exit 2 ;;
    esac
    rm -rf "$data/d"; mkdir -p "$data/d"
    # QT_LOGGING_RULES keeps the daemon's info lines out of the measurement.
    cand="env QT_LOGGING_RULES=orchestrator.*.info=false $daemon --listen 127.0.0.1:8090 --data-dir $data/d"
    PIN=$pin "$shared/api-ratio.sh" "node $peer/$script $pport" "$pport" "$cand" 8090 \
      | sed "s/^/peer=$variant pin=$pin /" | tee -a "$out" || rc=1
  done
done

echo
echo "# orchestratord against the faster Node peer (lowest ratio over both peers), per endpoint and pin mode"
python3 - "$out" <<'PY'
import sys, re
rows = {}
for line in open(sys.argv[1]):
    kv = dict(re.findall(r'(\w+)=(\S+)', line))
    if 'ratio' not in kv or kv.get('ratio') == 'NA': continue
    key = (kv['pin'], kv['endpoint'])
    if key not in rows or float(kv['ratio']) < float(rows[key]['ratio']):
        rows[key] = kv
for (pin, ep), kv in sorted(rows.items()):
    ok = float(kv['ratio']) >= 1.5 and float(kv['p99_ratio']) <= 1.0
    print(f"api-bench pin={pin} endpoint={ep} faster_peer={kv['peer']} peer_rps={kv['peer_rps']} "
          f"orchestratord_rps={kv['cand_rps']} ratio={kv['ratio']} (min {kv['ratio_min']}, max {kv['ratio_max']}) "
          f"peer_p99_ms={kv['peer_p99_ms']} orchestratord_p99_ms={kv['cand_p99_ms']} p99_ratio={kv['p99_ratio']} "
          f"target={'met' if ok else 'missed'}")
PY
rm -f "$out"
exit $rc
