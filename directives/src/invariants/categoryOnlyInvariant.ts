import type { CompiledPolicy } from '../compilePolicy.ts';
import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import { policyVersionsOf } from '../policyVersionsOf.ts';
import type { PiiIndex } from '../readPiiAnnotations.ts';
import type { InvariantOf } from './invariantsSchema.ts';
import { annotationAt, givesNothing, givingFieldRules, refusal } from './refusal.ts';

type CategoryOnly = InvariantOf<'categoryOnly'>;

/** Whether a grant of `role` for `purposes` may give the category. */
const mayHave = (invariant: CategoryOnly, role: string, purposes: readonly string[]): boolean => {
  const allowed = Object.hasOwn(invariant.grantedTo, role) ? invariant.grantedTo[role]! : undefined;
  return allowed !== undefined && purposes.every((p) => allowed.includes(p));
};

/** `categoryOnly`, without the schema: no category or sensitive entry gives the category beyond the listed roles and purposes. */
export function checkCategoryOnly(document: PolicyDocument, invariant: CategoryOnly): string[] {
  const errors: string[] = [];
  const { category } = invariant;
  for (const { at, roles } of policyVersionsOf(document)) {
    for (const [role, spec] of Object.entries(roles)) {
      spec.grants.forEach((grant, g) => {
        if (mayHave(invariant, role, grant.purposes)) return;
        for (const table of ['categories', 'sensitive'] as const) {
          const spelled = grant[table]?.[category];
          if (spelled === undefined || givesNothing(spelled)) continue;
          const detail = `"${spelled}" would give role ${role} ${table === 'sensitive' ? 'sensitive ' : ''}${category} for ${grant.purposes.join(', ')}`;
          errors.push(refusal(policyPath([...at, 'roles', role, 'grants', g, table, category]), invariant, detail));
        }
      });
    }
  }
  return errors;
}

/** `categoryOnly`, with the schema: no field rule gives a field of the category beyond the listed roles and purposes. */
export function checkCategoryOnlyAgainstSchema(policy: CompiledPolicy, index: PiiIndex, invariant: CategoryOnly): string[] {
  const errors: string[] = [];
  for (const { role, grant, field } of givingFieldRules(policy)) {
    if (mayHave(invariant, role.name, grant.purposes)) continue;
    const annotation = annotationAt(index, field.coordinate);
    if (annotation?.category !== invariant.category) continue;
    errors.push(refusal(field.rule, invariant, `${field.coordinate} is ${annotation.category}, and this rule would give it to role ${role.name} for ${grant.purposes.join(', ')}`));
  }
  return errors;
}
