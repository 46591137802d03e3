import type { EffectiveDecision } from './resolveFieldDecision.ts';
import type {
  DeniedFieldRequest,
  FieldDecisionSummary,
  MaskedFieldSummary,
  PrivacyPlan,
  WithheldFieldSummary,
} from './types.ts';

/** How a returned PII field comes back. */
export type ReturnedAs = 'allow' | 'mask' | 'conditional' | 'underMask';

type Summaries = Pick<
  PrivacyPlan,
  'hasPii' | 'returnsPii' | 'categories' | 'returnedCoordinates' | 'allowedCount' | 'fieldDecisions' | 'withheld' | 'masked' | 'deniedRequested'
>;

/**
 * The flat, per-path-pattern view of a plan (for strict mode, explain and audit). A fragment
 * expanded twice at the same place is counted once.
 */
export class PlanSummaries {
  private hasPii = false;
  private allowedCount = 0;
  private readonly categories = new Set<string>();
  private readonly coordinates = new Set<string>();
  private readonly decisions = new Map<string, FieldDecisionSummary>();
  private readonly withheld = new Map<string, WithheldFieldSummary>();
  private readonly nonNull = new Set<string>();
  private readonly masked = new Map<string, MaskedFieldSummary>();

  withhold(path: readonly string[], effective: EffectiveDecision, nonNull = false): void {
    const key = this.decide(path, effective);
    if (!key) return;
    if (nonNull) this.nonNull.add(key);
    const { coordinate, annotation, decision } = effective;
    this.withheld.set(key, { path, coordinate, category: annotation.category, reason: decision.reason, rule: decision.rule });
  }

  /** The operation has arguments that may read fields: it is planned and audited as PII. */
  readsArguments(): void {
    this.hasPii = true;
  }

  returned(path: readonly string[], effective: EffectiveDecision, as: ReturnedAs): void {
    const key = this.decide(path, effective);
    if (!key) return;
    const { coordinate, annotation, decision } = effective;
    this.categories.add(annotation.category);
    this.coordinates.add(coordinate);
    if (as === 'allow' || as === 'conditional') this.allowedCount += 1;
    if (as === 'mask') {
      const strategy = decision.strategy ?? 'redact';
      this.masked.set(key, { path, coordinate, category: annotation.category, strategy, rule: decision.rule });
    }
  }

  finish(): Summaries {
    const withheld = [...this.withheld.values()];
    return {
      hasPii: this.hasPii,
      returnsPii: this.coordinates.size > 0,
      categories: [...this.categories].sort(),
      returnedCoordinates: [...this.coordinates].sort(),
      allowedCount: this.allowedCount,
      fieldDecisions: [...this.decisions.values()],
      withheld,
      masked: [...this.masked.values()],
      deniedRequested: [...this.withheld].map(([key, { path, coordinate, reason }]): DeniedFieldRequest => ({ path, coordinate, reason, ...(this.nonNull.has(key) ? { nonNull: true as const } : {}) })),
    };
  }

  /** Records the decision; returns its dedupe key, or undefined when this path was seen. */
  private decide(path: readonly string[], effective: EffectiveDecision): string | undefined {
    this.hasPii = true;
    const key = `${path.join('\u0000')}\u0001${effective.coordinate}`;
    if (this.decisions.has(key)) return undefined;
    const { coordinate, annotation, decision } = effective;
    this.decisions.set(key, {
      path,
      coordinate,
      category: annotation.category,
      effect: decision.effect,
      ...(decision.strategy !== undefined ? { strategy: decision.strategy } : {}),
      reason: decision.reason,
      rule: decision.rule,
      ...(decision.condition ? { condition: decision.condition } : {}),
    });
    return key;
  }
}

/** How a field the plan returns comes back: masked here, under an enclosing mask, on a condition, or as stored. */
export function returnedAs(effective: EffectiveDecision, mask: EffectiveDecision | undefined, covered: boolean): ReturnedAs {
  if (mask) return 'mask';
  if (covered) return 'underMask';
  return effective.decision.condition ? 'conditional' : 'allow';
}
