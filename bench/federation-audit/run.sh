#!/usr/bin/env bash
# Federation correctness: runs The Guild's federation gateway audit (graphql-hive/federation-gateway-audit,
# 45 suites, ~200 cases) against this gateway on each query planner, and against reference gateways,
# and writes each run's results.txt to bench/results/federation-audit/<variant>/.
#
#   bench/federation-audit/run.sh [apollo] [hive] [plain-apollo] [plain-hive]     (default: apollo hive plain-apollo)
#
# Variants: apollo, hive: this gateway with QUERY_PLANNER=apollo|hive; plain-apollo: @apollo/gateway
# without the privacy layer (the same version as the apollo engine); plain-hive: Hive Gateway with
# Hive's Rust query planner (see referenceGateway.ts).
#
# AUDIT_DIR: a checkout (or copy) of the audit to use. Default: cloned into .data/federation-gateway-audit
# when missing; an AUDIT_DIR that exists is used as it is (nothing cloned or fetched).
# The audit's CLI needs Node >= 22 (Promise.withResolvers): NODE22 names one (default: node 22 from
# the npm registry, through npx). Ports: the audit's subgraphs on 4200, the gateway on 4000 (both
# fixed by the audit: whatever listens on 4000 is killed before each suite).
#
# A suite whose gateway was not up within the audit's health-check budget (5 s to listen, 2 s to
# answer; a tsx start on a loaded 2-core machine can take longer) fails every test with "fetch
# failed" without measuring anything: such suites ("Health check failed" in logs/<suite>-tests.log)
# are run again alone, up to twice, and their line in results.txt replaced. RERUN_ONLY=1 does only
# that, on the results already there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
AUDIT_DIR=${AUDIT_DIR:-$ROOT/.data/federation-gateway-audit}
if [ ! -d "$AUDIT_DIR/src" ]; then
  git clone --depth 1 https://github.com/graphql-hive/federation-gateway-audit "$AUDIT_DIR"
fi
if [ ! -d "$AUDIT_DIR/node_modules" ]; then
  (cd "$AUDIT_DIR" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --ignore-scripts; else npm install --no-audit --no-fund --ignore-scripts; fi)
fi
NODE22=${NODE22:-"npx -y -p node@22 -- node"}
export CONFERO_ROOT=$ROOT
variants=("$@")
[ ${#variants[@]} -eq 0 ] && variants=(apollo hive plain-apollo)
audit() { # audit OUT GATEWAY PLANNER COMMAND OPTIONS...: the audit's CLI, stdin a pipe (its port killer pipes into process.stdin)
  local out=$1 gateway=$2 planner=$3 command=$4; shift 4 # then the command's options
  (cd "$AUDIT_DIR" && : | GATEWAY=$gateway QUERY_PLANNER=$planner $NODE22 --import tsx ./src/cli.ts "$command" --cwd "$out" \
    --run-script "$ROOT/bench/federation-audit/gateway.sh" \
    --graphql http://localhost:4000/graphql --healthcheck http://localhost:4000/health "$@")
}
rerun_unmeasured() { # rerun_unmeasured OUT GATEWAY PLANNER
  local out=$1 log id attempt marks server=""
  for log in "$out"/logs/*-tests.log; do
    grep -q "Health check failed" "$log" && grep -q "fetch failed" "$log" || continue
    id=$(basename "$log" -tests.log)
    # The audit's server on 4200, its suites loaded before a gateway asks for a supergraph (alone,
    # test-suite loads them on that first request, which alone can outlast the health check). The
    # CLI's own server (its --no-server is read as --server=false and ignored) goes on 4201 and only
    # serves the suite's tests; the gateway's supergraph and subgraphs are the warm server's.
    if [ -z "$server" ]; then
      (cd "$AUDIT_DIR" && exec setsid $NODE22 --import tsx ./src/cli.ts serve --port 4200 > /dev/null 2>&1) & server=$!
      until curl -sf http://localhost:4200/ids > /dev/null; do sleep 1; done
    fi
    for attempt in 1 2; do
      echo "-- $id: the gateway was not up in time; running it again ($attempt)"
      audit "$out" "$2" "$3" test-suite --test "$id" --reporter dot --port 4201 > /dev/null 2>&1 || true
      grep -q "fetch failed" "$log" || break
    done
    marks=$(grep -E '^    (not )?ok [0-9]+ - ' "$log" | sed -E 's/^    not ok.*/X/; s/^    ok.*/./' | tr -d '\n')
    awk -v id="$id" -v marks="$marks" 'prev == id { $0 = marks } { prev = $0; print }' "$out/results.txt" > "$out/results.tmp"
    awk '/^---$/ { exit } NR % 2 == 0 { t += length($0); f += gsub(/X/, "X") } { print } END { print "---"; print "Total: " t; print "Passed: " t - f; printf "Failed: %d", f }' "$out/results.tmp" > "$out/results.txt"
    rm -f "$out/results.tmp"
  done
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; fi # its process group (setsid)
}
for variant in "${variants[@]}"; do
  case "$variant" in
    apollo|hive) gateway=confero; planner=$variant ;;
    plain-apollo|plain-hive) gateway=$variant; planner=apollo ;;
    *) echo "run.sh: unknown variant $variant" >&2; exit 2 ;;
  esac
  out=$ROOT/bench/results/federation-audit/$variant
  mkdir -p "$out"
  echo "== federation audit: $variant"
  [ "${RERUN_ONLY:-0}" = 1 ] || audit "$out" "$gateway" "$planner" test --port 4200 --write results.txt
  rerun_unmeasured "$out" "$gateway" "$planner"
  tail -3 "$out/results.txt"; echo
done
