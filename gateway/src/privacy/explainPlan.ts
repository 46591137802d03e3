import type { ArgumentCheck, ArgumentRead } from './checkArguments.ts';
import type { FieldDecisionSummary, PrivacyPlan } from './types.ts';

/** A plan as an operator reads it (`x-privacy-explain: 1`, `npm run explain`). */
export interface PlanExplanation {
  /** Every PII field of the operation with its decision and the rule behind it. */
  fields: readonly FieldDecisionSummary[];
  /** Every reading argument the request uses, with the decision on the field it reads. */
  arguments: Array<Pick<ArgumentRead, 'path' | 'argument' | 'reads' | 'effect' | 'reason' | 'rule' | 'permitted'>>;
  /** How many field selections are withheld. */
  withheld: number;
  /** How many reads refuse the operation. */
  refused: number;
  unchanged: boolean;
}

/** The plan as an operator reads it: every PII field and every reading argument, with its decision and the rule behind it. */
export function explainPlan(plan: PrivacyPlan, args: ArgumentCheck): PlanExplanation {
  return {
    fields: plan.fieldDecisions,
    arguments: args.reads.map(({ path, argument, reads, effect, reason, rule, permitted }) => ({ path, argument, reads, effect, reason, rule, permitted })),
    withheld: plan.deniedRequested.length,
    refused: args.refused.length,
    unchanged: plan.unchanged,
  };
}
