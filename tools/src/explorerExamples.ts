import type { ExplorerOptions } from '@confero/gateway';

/**
 * What the explorer shows first in the reference deployment: the README's worked example on a
 * deliverable of the default seed (`dlv_000001`, of client `cli_0006` and shopper
 * `shp_000413`), as customer service; the ids are those the roles whose scope needs one can
 * reach it with. A test checks them against the default seed.
 */
export const EXPLORER_EXAMPLES: NonNullable<ExplorerOptions['examples']> = {
  query: `# The same query, as each caller receives it. Run it (▶), switch the caller above and run
# again, or open "Compare callers". Explain (⚖) shows the plan without running anything.
query Example($id: ID!) {
  deliverable(id: $id) {
    id
    receipt { amount }
    shopper {
      id name email phone ssn
      address { street city }
    }
  }
}
`,
  variables: '{ "id": "dlv_000001" }',
  role: 'SUPPORT',
  purpose: 'SERVICES',
  identities: { clientId: 'cli_0006', shopperId: 'shp_000413', partnerId: 'ptn_1' },
};
