import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import { policyVersionsOf } from '../policyVersionsOf.ts';
import type { Invariant, InvariantOf } from './invariantsSchema.ts';
import { refusal } from './refusal.ts';

type NeverGrant = InvariantOf<'neverGrant'>;

/** Whether `purpose` is one the invariant rules out (by name, or by one of its words). */
export function neverGranted(invariant: NeverGrant, purpose: string): boolean {
  if (invariant.match !== 'word') return invariant.purposes.includes(purpose);
  const words = new Set(invariant.purposes.map((p) => p.toUpperCase()));
  return purpose.toUpperCase().split('_').some((word) => words.has(word));
}

/** The `neverGrant` invariants that rule out `purpose` (a purpose a grant names may be refused by one, declared or not). */
export const refusingNeverGrants = (invariants: readonly Invariant[], purpose: string): NeverGrant[] =>
  invariants.filter((i): i is NeverGrant => i.kind === 'neverGrant' && neverGranted(i, purpose));

/** `neverGrant`: the policy neither declares nor (in any version) grants a purpose the invariant rules out. */
export function checkNeverGrant(document: PolicyDocument, invariant: NeverGrant): string[] {
  const errors: string[] = [];
  for (const purpose of Object.keys(document.purposes)) {
    if (neverGranted(invariant, purpose)) errors.push(refusal(policyPath(['purposes', purpose]), invariant, `purpose "${purpose}" may not even be declared`));
  }
  for (const { at, roles } of policyVersionsOf(document)) {
    for (const [role, spec] of Object.entries(roles)) {
      spec.grants.forEach((grant, g) => {
        grant.purposes.forEach((purpose, p) => {
          if (!neverGranted(invariant, purpose)) return;
          errors.push(refusal(policyPath([...at, 'roles', role, 'grants', g, 'purposes', p]), invariant, `purpose "${purpose}" may never be granted`));
        });
      });
    }
  }
  return errors;
}
