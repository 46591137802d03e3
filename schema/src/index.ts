export { composeSupergraph } from './composeSupergraph.ts';
export { referenceSubgraphs, DEFAULT_SUBGRAPH_PORTS } from './referenceSubgraphs.ts';
export { SUPERGRAPH_PATH, POLICY_PATH, INVARIANTS_PATH, readSupergraph } from './supergraphFile.ts';
export { REFERENCE_AUDIT_SUBJECTS } from './referenceAuditSubjects.ts';
export { lintSchema, formatProblems } from './lint/index.ts';
