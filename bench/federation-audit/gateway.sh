#!/bin/sh
# Started by the audit for each suite ($1): fetches that suite's supergraph from the audit's
# server and serves it with this gateway (no @pii in it: every field passes the privacy layer).
# Anonymous callers (the audit sends no token), no audit store, limits raised for the audit's
# deep queries; QUERY_PLANNER is passed through.
set -e
work=${TMPDIR:-/tmp}/confero-federation-audit
mkdir -p "$work"
node -e 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))' "http://localhost:4200/$1/supergraph" > "$work/supergraph.graphql"
cd "$CONFERO_ROOT"
exec env AUDIT=off ALLOW_ANONYMOUS=1 EXPLORER=off LOG_LEVEL=warn MAX_DEPTH=100 MAX_ALIASES=100 MAX_TOKENS=100000 PORT=4000 \
  npx tsx --conditions=confero-source gateway/src/cli/main.ts --supergraph "$work/supergraph.graphql" --policy schema/policy.json
