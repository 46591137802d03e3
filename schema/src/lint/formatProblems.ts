import type { LintProblem } from './types.ts';

/** Problems as lines for a terminal: `rule  coordinate (subgraph)` then the message, indented. */
export function formatProblems(problems: readonly LintProblem[]): string {
  return problems
    .map((p) => {
      const where = [p.coordinate, p.subgraph ? `(subgraph ${p.subgraph})` : undefined].filter(Boolean).join(' ');
      return `  ✗ [${p.rule}]${where ? ` ${where}` : ''}\n      ${p.message}`;
    })
    .join('\n');
}
