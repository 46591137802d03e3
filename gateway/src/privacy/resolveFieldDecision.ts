import { isMoreRestrictive, type Decision, type PiiAnnotation, type PiiIndex } from '@confero/directives';
import { isInterfaceType, isObjectType, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';
import type { DecideField, DecideRead, DecideUntagged } from './types.ts';

/** A PII field's effective annotation and the decision the planner acts on. */
export interface EffectiveDecision {
  readonly annotation: PiiAnnotation;
  readonly decision: Decision;
  /** The coordinate that decided (`Person.email`, or the strictest implementer's for an interface field). */
  readonly coordinate: string;
  /** The annotation is the field's own (not inherited from an ancestor field). */
  readonly own: boolean;
  /** For an interface field without its own annotation: the implementing types that annotate it. */
  readonly ownTypes?: ReadonlySet<string>;
}

/** The annotation a field without `@pii` is reported under when a closed-world role is refused it. */
export const UNTAGGED: PiiAnnotation = Object.freeze({ category: 'NONE' as PiiAnnotation['category'], sensitive: false });

/** Fails closed on anything that is not a well-formed decision; a mask without strategy redacts. */
function normalize(decision: Decision | undefined, coordinate: string): Decision {
  if (!decision || (decision.effect !== 'allow' && decision.effect !== 'mask' && decision.effect !== 'deny')) {
    return { effect: 'deny', reason: 'INVALID_DECISION', rule: `planner: no valid decision for ${coordinate}` };
  }
  if (decision.effect === 'mask' && !decision.strategy) return { ...decision, strategy: 'redact' };
  return decision;
}

/**
 * Decides fields for one compilation: a field with its own `@pii` (from the index) is decided
 * by the policy; one without follows the decision of its nearest annotated ancestor field; a field selected on an interface takes the
 * strictest decision over the interface and the implementing types that can be there.
 */
export class FieldDecider {
  private readonly memo = new Map<EffectiveDecision | undefined, Map<string, EffectiveDecision | null>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly piiIndex: PiiIndex,
    private readonly decideField: DecideField,
    private readonly decideUntagged: DecideUntagged | undefined,
    private readonly decideRead: DecideRead,
  ) {}

  /**
   * @param possible the concrete types the enclosing fragments narrow to (undefined: no narrowing)
   * @param inherited the nearest annotated ancestor field's effective decision
   */
  resolve(
    parentType: GraphQLCompositeType,
    fieldName: string,
    possible: ReadonlySet<string> | undefined,
    inherited: EffectiveDecision | undefined,
  ): EffectiveDecision | undefined {
    if (fieldName.startsWith('__') || parentType.name.startsWith('__')) return undefined;
    if (isObjectType(parentType)) return this.decideOn(parentType.name, fieldName, inherited);
    if (!isInterfaceType(parentType)) return undefined;
    let best = this.decideOn(parentType.name, fieldName, inherited);
    const ownTypes = best?.own ? undefined : new Set<string>();
    for (const type of this.schema.getPossibleTypes(parentType)) {
      if (possible && !possible.has(type.name)) continue;
      const candidate = this.decideOn(type.name, fieldName, inherited);
      if (candidate?.own) ownTypes?.add(type.name);
      // What the gateway must do, strictest first: deny (prune) > mask > conditional (fetch) > allow.
      if (candidate && (!best || isMoreRestrictive(candidate.decision, best.decision, 'plan'))) best = candidate;
    }
    return best && ownTypes ? { ...best, own: ownTypes.size > 0, ownTypes } : best;
  }

  private decideOn(typeName: string, fieldName: string, inherited: EffectiveDecision | undefined): EffectiveDecision | undefined {
    let byCoordinate = this.memo.get(inherited);
    if (!byCoordinate) this.memo.set(inherited, (byCoordinate = new Map()));
    const coordinate = `${typeName}.${fieldName}`;
    const known = byCoordinate.get(coordinate);
    if (known !== undefined) return known ?? undefined;
    const own = this.piiIndex.fieldAnnotation(typeName, fieldName);
    // A field without @pii of its own under a PII field takes that field's decision: the policy
    // decides `Visit.checkIn`, and `CheckIn.at` below it follows (allowed or masked with it).
    let result: EffectiveDecision | undefined = own
      ? { annotation: own, decision: normalize(this.decideField(own, coordinate), coordinate), coordinate, own: true }
      : inherited
        ? { annotation: inherited.annotation, decision: inherited.decision, coordinate: inherited.coordinate, own: false }
        : this.untagged(typeName, fieldName, coordinate);
    result = this.withRecordChoice(typeName, fieldName, coordinate, result);
    byCoordinate.set(coordinate, result ?? null);
    return result;
  }

  /** A field without `@pii` anywhere above it: undefined (not personal) unless a closed-world role is refused it. */
  private untagged(typeName: string, fieldName: string, coordinate: string): EffectiveDecision | undefined {
    const decision = this.decideUntagged?.(coordinate, this.piiIndex.isKeyField(typeName, fieldName));
    if (!decision || decision.effect === 'allow') return undefined;
    return { annotation: UNTAGGED, decision: normalize(decision, coordinate), coordinate, own: true };
  }

  /**
   * A field whose records are chosen by other fields (`@piiReads` on it, like eligibility by
   * rating and location) is withheld where the caller may not receive every one of them in full.
   */
  private withRecordChoice(typeName: string, fieldName: string, coordinate: string, result: EffectiveDecision | undefined): EffectiveDecision | undefined {
    if (result?.decision.effect === 'deny' && !result.decision.condition) return result;
    const reads = this.piiIndex.fieldReads(typeName, fieldName);
    const refused = reads?.map((read) => this.decideRead(read)).find((verdict) => !verdict.permitted);
    if (!refused) return result;
    const decision: Decision = { effect: 'deny', reason: 'READ_NOT_PERMITTED', rule: `@piiReads(${refused.coordinate}): ${refused.decision.reason} (${refused.decision.rule})` };
    return { annotation: result?.annotation ?? UNTAGGED, decision, coordinate, own: true };
  }
}
