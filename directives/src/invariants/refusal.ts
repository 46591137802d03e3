import type { CompiledPolicy, CompiledPolicyVersion } from '../compilePolicy.ts';
import type { Decision } from '../decision.ts';
import type { PolicyFieldRule } from '../policySchema.ts';
import type { PiiIndex } from '../readPiiAnnotations.ts';
import type { Invariant } from './invariantsSchema.ts';

/** A refusal by an invariant: the entry at fault, what it would do, the promise and the sentence it keeps. */
export function refusal(path: string, invariant: Pick<Invariant, 'promise' | 'quote'>, detail: string): string {
  const { promise, quote } = invariant;
  return `${path}: refused by a guard rail: ${detail}. ${promise[0]!.toUpperCase()}${promise.slice(1)} — the privacy policy: "${quote}"`;
}

/** A decision, spelled as the policy spells it, that gives the caller nothing. */
export const givesNothing = (spelled: string): boolean => spelled === 'deny' || spelled === 'mask:redact';

/** How a field rule of the document spells its decision. */
export const spelledRule = (rule: PolicyFieldRule): string => (typeof rule === 'string' ? rule : rule.decision);

/** How the policy would spell a compiled decision (`mask:<strategy>`, `allow`, `deny`). */
export const spelledDecision = (decision: Decision): string => (decision.effect === 'mask' ? `mask:${decision.strategy ?? 'redact'}` : decision.effect);

/** Whether a decision stays within a ceiling: it gives nothing, it is the ceiling itself, or the ceiling is `allow`. */
export const within = (spelled: string, ceiling: string): boolean => givesNothing(spelled) || ceiling === 'allow' || spelled === ceiling;

/** The current version of a compiled policy, then every earlier one. */
export const versionsOf = (policy: CompiledPolicy): CompiledPolicyVersion[] => [policy, ...policy.previousVersions.values()];

/** `Type` of `Type.field`. */
export const typeOf = (coordinate: string): string => coordinate.slice(0, coordinate.indexOf('.'));

/** The `@pii` annotation of a coordinate, if it carries one. */
export const annotationAt = (index: PiiIndex, coordinate: string) => {
  const dot = coordinate.indexOf('.');
  return index.fieldAnnotation(coordinate.slice(0, dot), coordinate.slice(dot + 1));
};

/** Every field rule of the compiled policy that gives its role something, with its grant and role. */
export function* givingFieldRules(policy: CompiledPolicy) {
  for (const version of versionsOf(policy)) {
    for (const role of version.roles.values()) {
      for (const grant of role.grants) {
        for (const field of grant.fields.values()) {
          if (!givesNothing(spelledDecision(field.decision))) yield { role, grant, field };
        }
      }
    }
  }
}
