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
for variant in "${variants[@]}"; do
  case "$variant" in
    apollo|hive) gateway=confero; planner=$variant ;;
    plain-apollo|plain-hive) gateway=$variant; planner=apollo ;;
    *) echo "run.sh: unknown variant $variant" >&2; exit 2 ;;
  esac
  out=$ROOT/bench/results/federation-audit/$variant
  mkdir -p "$out"
  echo "== federation audit: $variant"
  # stdin is a pipe: the audit's port killer pipes into process.stdin, which must be a stream it can end.
  (cd "$AUDIT_DIR" && : | GATEWAY=$gateway QUERY_PLANNER=$planner $NODE22 --import tsx ./src/cli.ts test --cwd "$out" \
    --run-script "$ROOT/bench/federation-audit/gateway.sh" \
    --graphql http://localhost:4000/graphql --healthcheck http://localhost:4000/health --port 4200 --write results.txt)
  tail -3 "$out/results.txt"; echo
done
