#!/usr/bin/env bash
# Federation correctness: runs The Guild's federation gateway audit (graphql-hive/federation-gateway-audit,
# ~45 suites, ~200 cases) against this gateway, once per query planner, and writes each one's
# results.txt to bench/results/federation-audit/<planner>/. The audit's code is fetched, not kept here.
#
#   bench/federation-audit/run.sh [apollo] [hive]
#
# AUDIT_DIR: a checkout of the audit to use (default: cloned into .data/federation-gateway-audit).
# The audit's CLI needs Node >= 22 (Promise.withResolvers): NODE22 names one (default: node 22 from
# the npm registry, through npx). Ports: the audit's subgraphs on 4200, the gateway on 4000.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
AUDIT_DIR=${AUDIT_DIR:-$ROOT/.data/federation-gateway-audit}
if [ ! -d "$AUDIT_DIR/src" ]; then
  git clone --depth 1 https://github.com/graphql-hive/federation-gateway-audit "$AUDIT_DIR"
fi
(cd "$AUDIT_DIR" && npm ci --no-audit --no-fund)
NODE22=${NODE22:-"npx -y -p node@22 -- node"}
export CONFERO_ROOT=$ROOT
planners=("$@")
[ ${#planners[@]} -eq 0 ] && planners=(apollo hive)
for planner in "${planners[@]}"; do
  out=$ROOT/bench/results/federation-audit/$planner
  mkdir -p "$out"
  echo "== federation audit, QUERY_PLANNER=$planner"
  (cd "$AUDIT_DIR" && QUERY_PLANNER=$planner $NODE22 --import tsx ./src/cli.ts test --cwd "$out" \
    --run-script "$ROOT/bench/federation-audit/gateway.sh" \
    --graphql http://localhost:4000/graphql --healthcheck http://localhost:4000/health --port 4200 --write results.txt)
  tail -4 "$out/results.txt"
done
