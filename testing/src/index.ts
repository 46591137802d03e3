export { callSubgraph } from './callSubgraph.ts';
export type { CallSubgraphOptions, SubgraphResponse } from './callSubgraph.ts';
export { composeReferenceSupergraph } from './composeReferenceSupergraph.ts';
export { startSubgraphTestbed, TEST_ROLE_SCOPES } from './startSubgraphTestbed.ts';
export type { SubgraphTestbed, SubgraphTestbedOptions, TestCaller } from './startSubgraphTestbed.ts';
export { testAuditEvent } from './testAuditEvent.ts';
export { generateSeedData, seedDatabase, startDatabase } from '@confero/tools';
export type { RunningDatabase, SeedData, SeedOptions } from '@confero/tools';
