#!/bin/sh
# Started by the audit for each suite ($1): fetches that suite's supergraph from the audit's
# server and serves it on port 4000 with the gateway GATEWAY names (default: confero):
#   confero       this gateway, on QUERY_PLANNER (apollo|hive, passed through). No @pii in the
#                 audit's supergraphs: every field passes the privacy layer. Anonymous callers (the
#                 audit sends no token), no audit store, limits raised for the audit's deep queries.
#   plain-apollo  @apollo/gateway in @apollo/server, no privacy layer (referenceGateway.ts)
#   plain-hive    Hive Gateway with Hive's Rust query planner, no privacy layer (referenceGateway.ts)
# One process each (node --import tsx, no npx wrapper), so that the audit's kill stops the gateway.
set -e
work=${TMPDIR:-/tmp}/confero-federation-audit
mkdir -p "$work"
node -e 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))' "http://localhost:4200/$1/supergraph" > "$work/supergraph.graphql"
cd "$CONFERO_ROOT"
case "${GATEWAY:-confero}" in
  confero)
    exec env AUDIT=off ALLOW_ANONYMOUS=1 EXPLORER=off LOG_LEVEL=warn MAX_DEPTH=100 MAX_ALIASES=100 MAX_TOKENS=100000 PORT=4000 \
      node --conditions=confero-source --import tsx gateway/src/cli/main.ts --supergraph "$work/supergraph.graphql" --policy schema/policy.json ;;
  plain-apollo|plain-hive)
    exec node --conditions=confero-source --import tsx bench/federation-audit/referenceGateway.ts --kind "$GATEWAY" --port 4000 --supergraph "$work/supergraph.graphql" ;;
  *) echo "gateway.sh: unknown GATEWAY=$GATEWAY" >&2; exit 2 ;;
esac
