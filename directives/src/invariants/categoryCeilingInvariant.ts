import type { CompiledPolicy } from '../compilePolicy.ts';
import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import { policyVersionsOf } from '../policyVersionsOf.ts';
import type { PiiIndex } from '../readPiiAnnotations.ts';
import type { InvariantOf } from './invariantsSchema.ts';
import { annotationAt, givingFieldRules, refusal, spelledDecision, spelledRule, within } from './refusal.ts';

type CategoryCeiling = InvariantOf<'categoryCeiling'>;

const beyond = (ceiling: string) => (ceiling === 'deny' || ceiling === 'mask:redact' ? '' : ` (at most "${ceiling}")`);

/**
 * `categoryCeiling`, without the schema: the role's category and sensitive entries for the
 * listed categories stay within `atMost`, and its rules on the `except` coordinates within their
 * own ceilings.
 */
export function checkCategoryCeiling(document: PolicyDocument, invariant: CategoryCeiling): string[] {
  const errors: string[] = [];
  const { role, atMost } = invariant;
  const categories = new Set(invariant.categories);
  const except = invariant.except ?? {};
  for (const { at, roles } of policyVersionsOf(document)) {
    roles[role]?.grants.forEach((grant, g) => {
      const here = [...at, 'roles', role, 'grants', g];
      for (const table of ['categories', 'sensitive'] as const) {
        for (const [category, spelled] of Object.entries(grant[table] ?? {})) {
          if (!categories.has(category) || within(spelled, atMost)) continue;
          const detail = `"${spelled}" would give role ${role} ${table === 'sensitive' ? 'sensitive ' : ''}${category}${beyond(atMost)}`;
          errors.push(refusal(policyPath([...here, table, category]), invariant, detail));
        }
      }
      for (const [coordinate, rule] of Object.entries(grant.fields ?? {})) {
        const ceiling = except[coordinate];
        const spelled = spelledRule(rule);
        if (ceiling === undefined || within(spelled, ceiling)) continue;
        errors.push(refusal(policyPath([...here, 'fields', coordinate]), invariant, `a ${role} gets ${coordinate} at most as "${ceiling}" (or nothing), not "${spelled}"`));
      }
    });
  }
  return errors;
}

/** `categoryCeiling`, with the schema: the role's field rules on fields of the listed categories (the exceptions aside) stay within `atMost`. */
export function checkCategoryCeilingAgainstSchema(policy: CompiledPolicy, index: PiiIndex, invariant: CategoryCeiling): string[] {
  const categories = new Set(invariant.categories);
  const except = invariant.except ?? {};
  const errors: string[] = [];
  for (const { role, field } of givingFieldRules(policy)) {
    if (role.name !== invariant.role || Object.hasOwn(except, field.coordinate)) continue;
    const annotation = annotationAt(index, field.coordinate);
    if (!annotation || !categories.has(annotation.category) || within(spelledDecision(field.decision), invariant.atMost)) continue;
    errors.push(refusal(field.rule, invariant, `${field.coordinate} is ${annotation.category}, and this rule would give it to role ${role.name}${beyond(invariant.atMost)}`));
  }
  return errors;
}
