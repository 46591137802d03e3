import { policyPath } from '../policyPath.ts';
import type { PolicyDocument } from '../policySchema.ts';
import type { InvariantOf } from './invariantsSchema.ts';
import { refusal } from './refusal.ts';

/** `vocabulary`: the policy declares no category and no purpose beyond those the invariant lists. */
export function checkVocabulary(document: PolicyDocument, invariant: InvariantOf<'vocabulary'>): string[] {
  const errors: string[] = [];
  for (const section of ['categories', 'purposes'] as const) {
    const allowed = invariant[section];
    if (allowed === undefined) continue;
    const what = section === 'categories' ? 'category' : 'purpose';
    for (const name of Object.keys(document[section])) {
      if (!allowed.includes(name)) errors.push(refusal(policyPath([section, name]), invariant, `${what} ${name} is not one the privacy policy names (${allowed.join(', ')})`));
    }
  }
  return errors;
}
