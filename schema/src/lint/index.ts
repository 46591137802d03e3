export { lintSchema } from './lintSchema.ts';
export { LINT_RULES } from './types.ts';
export type { LintProblem, LintRule, LintSchemaOptions, LintSchemaResult } from './types.ts';
export { looksPersonal } from './looksPersonal.ts';
export { formatProblems } from './formatProblems.ts';
