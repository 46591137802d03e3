export { composeSupergraph } from './composeSupergraph.ts';
export type { SubgraphDefinition, ComposeResult } from './composeSupergraph.ts';
export { referenceSubgraphs, DEFAULT_SUBGRAPH_PORTS } from './referenceSubgraphs.ts';
export type { ReferenceSubgraphName } from './referenceSubgraphs.ts';
export { SUPERGRAPH_PATH, POLICY_PATH, readSupergraph } from './supergraphFile.ts';
export { lintSchema, looksPersonal, formatProblems, LINT_RULES } from './lint/index.ts';
export type { LintProblem, LintRule, LintSchemaOptions, LintSchemaResult } from './lint/index.ts';
export { renderErrorsPage, renderPolicyMatrix, withPolicyMatrix, readPolicyMatrix, README_PATH, ERRORS_DOC_PATH } from './docs/index.ts';
