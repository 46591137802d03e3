import { MASK_STRATEGIES, type MaskStrategy } from './types.ts';

/** Why a decision came out the way it did (stable codes for responses, metrics and audit). */
export const DECISION_REASONS = [
  /** The role is not in the policy. */
  'UNKNOWN_ROLE',
  /** No purpose was stated, or it is not one the policy declares. */
  'NO_PURPOSE',
  /** The role has no grant for the stated purpose. */
  'PURPOSE_NOT_GRANTED',
  /** The field's `@pii(purpose:)` does not list the stated purpose. */
  'PURPOSE_LIMITATION',
  /** A per-field override in the grant decided. */
  'FIELD_RULE',
  /** A conditional per-field override was met by the record's consent. */
  'CONSENT_GIVEN',
  /** A conditional per-field override was not met by the record's consent. */
  'CONSENT_REQUIRED',
  /** The grant's `sensitive[category]` entry decided. */
  'SENSITIVE_RULE',
  /** The field is sensitive and the grant has no `sensitive[category]` entry. */
  'SENSITIVE_NOT_GRANTED',
  /** The grant's `categories[category]` entry decided. */
  'CATEGORY_RULE',
  /** The grant has no `categories[category]` entry. */
  'CATEGORY_NOT_GRANTED',
  /** The enforcement point had no verified caller. */
  'NO_CALLER',
  /** The record was collected under a policy version the policy does not keep. */
  'POLICY_VERSION_UNKNOWN',
  /** The field carries no `@pii`: not personal information (reads of it are decided as allowed). */
  'NOT_PERSONAL',
  /** The role is closed-world and its grant does not name the field. */
  'CLOSED_WORLD',
  /** The field's records are chosen by a field the caller may not receive in full (`@piiReads`). */
  'READ_NOT_PERMITTED',
  /** The enforcement point got no well-formed decision for the field, and withheld it (fail closed). */
  'INVALID_DECISION',
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

export type DecisionEffect = 'allow' | 'mask' | 'deny';

/** The outcome of `decide` for one field. Decisions are frozen and shared: never mutate one. */
export interface Decision {
  readonly effect: DecisionEffect;
  /** Set when `effect` is `mask`. */
  readonly strategy?: MaskStrategy;
  readonly reason: DecisionReason;
  /** The policy entry (or schema rule) that decided, e.g. `roles.ANALYST.grants[0].fields["Person.name"]`. */
  readonly rule: string;
  /**
   * Set when the outcome depends on the record and no record was given: `effect` is what
   * applies when the record's `consents[consent]` is true; otherwise the field is denied.
   * Whoever sees a condition must let the record decide (fetch, then decide again with it).
   */
  readonly condition?: { readonly consent: string };
}

/** Makes a frozen decision (for precomputing; `decide` itself never allocates one). */
export function makeDecision(
  effect: DecisionEffect,
  reason: DecisionReason,
  rule: string,
  strategy?: MaskStrategy,
  condition?: { consent: string },
): Decision {
  const decision: Decision = {
    effect,
    reason,
    rule,
    ...(effect === 'mask' ? { strategy } : {}),
    ...(condition ? { condition: Object.freeze({ ...condition }) } : {}),
  };
  return Object.freeze(decision);
}

/** Strictness of each mask strategy; higher reveals less. */
const MASK_RANK: Record<MaskStrategy, number> = { partial: 1, generalize: 2, initials: 3, hash: 4, redact: 5 };

/**
 * Where a condition (the record's consent decides) counts when decisions are ranked:
 * - `'record'`: deciding one record (under two policy versions): a conditional decision ranks
 *   above every unconditional one but deny, since what it gives depends on the record.
 * - `'plan'`: an enforcement point without the record that must act on one decision for several
 *   types (the gateway's planner on an interface field): the condition is applied later, where
 *   the record is, so it ranks only above a plain allow, below every mask: what one type masks,
 *   the plan must still mask.
 */
export type StrictnessView = 'record' | 'plan';

/**
 * The one strictness ranking of decisions, higher revealing less: deny > mask (redact > hash >
 * initials > generalize > partial; a mask without a strategy above redact) > allow, with a
 * condition placed as `view` says.
 */
export function strictness(decision: Decision, view: StrictnessView = 'record'): number {
  if (decision.effect === 'deny') return 100;
  const base = decision.effect === 'allow' ? 0 : 10 + (decision.strategy ? MASK_RANK[decision.strategy] : MASK_STRATEGIES.length + 1);
  if (!decision.condition) return base;
  if (view === 'record') return base + 40;
  return decision.effect === 'allow' ? 5 : base;
}

/** True when `a` reveals less than `b` (`strictness`; record view: deny > conditional > mask: redact > hash > initials > generalize > partial > allow). */
export function isMoreRestrictive(a: Decision, b: Decision, view: StrictnessView = 'record'): boolean {
  return strictness(a, view) > strictness(b, view);
}

/** The more restrictive of two decisions (the first one on a tie). */
export function mostRestrictive(a: Decision, b: Decision, view: StrictnessView = 'record'): Decision {
  return isMoreRestrictive(b, a, view) ? b : a;
}
