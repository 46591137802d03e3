/**
 * The layers of the repository, lowest first. A package's code imports only packages of lower
 * layers, never one of its own layer or above: so there is no cycle, and each layer can be read
 * (and tested) knowing only those below it. Tests may also import `@confero/testing`, the shared
 * test helpers, which sit near the top. Derived from what the code needs:
 *
 * 0. `directives` (the `@pii` spec, the policy, `decide`, masks, errors) and `explorer` (browser
 *    code, bundled): they know of nothing else.
 * 1. `subgraph-common`: what the three subgraphs share (server, pagination, loaders, process).
 * 2. the three subgraphs: their schema, models, data access, resolvers.
 * 3. `schema` (composition of the reference subgraphs, lint, docs) and `gateway` (serves any
 *    supergraph): neither knows the other.
 * 4. `tools`: the database, the seed (written through the subgraphs' models), `startSystem`.
 * 5. `testing`: shared test helpers (testbeds, the reference supergraph, the database for tests)
 *    and these checks; `example-clinic` (`examples/clinic`), a second deployment on the same
 *    mechanism, whose tests use `testing`.
 * 6. `test` (whole-system tests) and `bench` (benchmarks): nothing imports them.
 */
export const PACKAGE_LAYERS: ReadonlyArray<readonly string[]> = [
  ['@confero/directives', '@confero/explorer'],
  ['@confero/subgraph-common'],
  ['@confero/subgraph-shopper', '@confero/subgraph-opportunity', '@confero/subgraph-client'],
  ['@confero/schema', '@confero/gateway'],
  ['@confero/tools'],
  ['@confero/testing', '@confero/example-clinic'],
  ['@confero/system-tests', '@confero/bench'],
];

/** The package every package's tests may import, whatever its layer. */
export const TESTING_PACKAGE = '@confero/testing';

/** The layer of a workspace package, or undefined for one the table does not list. */
export function layerOf(name: string): number | undefined {
  const layer = PACKAGE_LAYERS.findIndex((names) => names.includes(name));
  return layer < 0 ? undefined : layer;
}
