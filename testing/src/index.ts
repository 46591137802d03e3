export { callSubgraph } from './callSubgraph.ts';
export { composeReferenceSupergraph } from './composeReferenceSupergraph.ts';
export { startSubgraphTestbed } from './startSubgraphTestbed.ts';
export type { SubgraphTestbed, TestCaller } from './startSubgraphTestbed.ts';
export { testAuditEvent } from './testAuditEvent.ts';
export { seedDatabase, startDatabase } from '@confero/tools';
export type { RunningDatabase } from '@confero/tools';
export { startTestFederation } from './startTestFederation.ts';
export type { TestFederation } from './startTestFederation.ts';
