import type { CompiledPolicy } from '../compilePolicy.ts';
import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import { policyVersionsOf } from '../policyVersionsOf.ts';
import type { PiiIndex } from '../readPiiAnnotations.ts';
import type { InvariantOf } from './invariantsSchema.ts';
import { annotationAt, givesNothing, givingFieldRules, refusal, spelledRule, typeOf } from './refusal.ts';

type ClosedWorld = InvariantOf<'closedWorld'>;

/**
 * `closedWorld`, without the schema: the role is closed-world in every version that has it; no
 * category entry gives it anything; a field rule that gives it something on a type the listed
 * coordinates name is one of them, and a `consent` coordinate carries that consent condition.
 */
export function checkClosedWorld(document: PolicyDocument, invariant: ClosedWorld): string[] {
  const errors: string[] = [];
  const { role } = invariant;
  const consent = invariant.consent ?? {};
  const listed = new Set([...invariant.allow, ...Object.keys(consent)]);
  const types = new Set([...listed].map(typeOf));
  for (const { at, roles } of policyVersionsOf(document)) {
    const spec = roles[role];
    if (!spec) continue;
    if (spec.closedWorld !== true) {
      errors.push(refusal(policyPath([...at, 'roles', role, 'closedWorld']), invariant, `a ${role} must be closed-world ("closedWorld": true), so no field reaches it that its grant does not name`));
    }
    spec.grants.forEach((grant, g) => {
      const here = [...at, 'roles', role, 'grants', g];
      for (const table of ['categories', 'sensitive'] as const) {
        for (const [category, spelled] of Object.entries(grant[table] ?? {})) {
          if (givesNothing(spelled)) continue;
          errors.push(refusal(policyPath([...here, table, category]), invariant, `"${spelled}" would give role ${role} ${table === 'sensitive' ? 'sensitive ' : ''}${category}`));
        }
      }
      for (const [coordinate, rule] of Object.entries(grant.fields ?? {})) {
        const spelled = spelledRule(rule);
        // A rule on another type (a list the role reaches records through) is checked with the schema.
        if (givesNothing(spelled) || !types.has(typeOf(coordinate))) continue;
        const path = policyPath([...here, 'fields', coordinate]);
        const flag = consent[coordinate];
        if (flag !== undefined) {
          if (typeof rule !== 'object' || rule.when?.consent !== flag) errors.push(refusal(path, invariant, `${coordinate} needs the condition { "when": { "consent": "${flag}" } }`));
        } else if (!listed.has(coordinate)) {
          errors.push(refusal(path, invariant, `"${spelled}" would give a ${role} ${coordinate}`));
        }
      }
    });
  }
  return errors;
}

/** `closedWorld`, with the schema: no field rule of the role reaches a `@pii` field beyond the listed coordinates. */
export function checkClosedWorldAgainstSchema(policy: CompiledPolicy, index: PiiIndex, invariant: ClosedWorld): string[] {
  const listed = new Set([...invariant.allow, ...Object.keys(invariant.consent ?? {})]);
  const errors: string[] = [];
  for (const { role, field } of givingFieldRules(policy)) {
    if (role.name !== invariant.role || listed.has(field.coordinate)) continue;
    const annotation = annotationAt(index, field.coordinate);
    if (!annotation) continue; // checkPolicyAgainstSchema reports rules that miss their field
    errors.push(refusal(field.rule, invariant, `"${field.decision.effect}" would give a ${role.name} ${field.coordinate} (${annotation.category})`));
  }
  return errors;
}
