import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import { policyVersionsOf } from '../policyVersionsOf.ts';
import type { InvariantOf } from './invariantsSchema.ts';
import { refusal } from './refusal.ts';

/** `scopes`: the role's record scope is one of those allowed, or `none` (which reaches nothing), in every version that has the role. */
export function checkScopes(document: PolicyDocument, invariant: InvariantOf<'scopes'>): string[] {
  const errors: string[] = [];
  const { role } = invariant;
  for (const { at, roles } of policyVersionsOf(document)) {
    const scope = roles[role]?.scope;
    if (scope === undefined || scope === 'none' || invariant.allowed.includes(scope)) continue;
    errors.push(refusal(policyPath([...at, 'roles', role, 'scope']), invariant, `a ${role} may not have scope "${scope}"`));
  }
  return errors;
}
