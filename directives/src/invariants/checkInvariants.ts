import type { PolicyDocument } from '../policySchema.ts';
import { checkCategoryCeiling } from './categoryCeilingInvariant.ts';
import { checkCategoryOnly } from './categoryOnlyInvariant.ts';
import { checkClosedWorld } from './closedWorldInvariant.ts';
import type { PlacedInvariant } from './invariantsSchema.ts';
import { checkNeverGrant } from './neverGrantInvariant.ts';
import { checkScopes } from './scopesInvariant.ts';
import { checkVocabulary } from './vocabularyInvariant.ts';

/** The names an invariant uses, each with where it stands in the invariant. */
function namesOf(invariant: PlacedInvariant): Array<{ kind: 'role' | 'category' | 'purpose' | 'scope'; name: string; at: string }> {
  const at = (field: string) => `${invariant.at}.${field}`;
  switch (invariant.kind) {
    case 'closedWorld':
      return [{ kind: 'role', name: invariant.role, at: at('role') }];
    case 'categoryCeiling':
      return [{ kind: 'role', name: invariant.role, at: at('role') }, ...invariant.categories.map((name, i) => ({ kind: 'category' as const, name, at: at(`categories[${i}]`) }))];
    case 'categoryOnly':
      return [
        { kind: 'category', name: invariant.category, at: at('category') },
        ...Object.entries(invariant.grantedTo).flatMap(([role, purposes]) => [
          { kind: 'role' as const, name: role, at: at(`grantedTo.${role}`) },
          ...purposes.map((name, i) => ({ kind: 'purpose' as const, name, at: at(`grantedTo.${role}[${i}]`) })),
        ]),
      ];
    case 'scopes':
      return [{ kind: 'role', name: invariant.role, at: at('role') }, ...invariant.allowed.map((name, i) => ({ kind: 'scope' as const, name, at: at(`allowed[${i}]`) }))];
    case 'neverGrant':
      return []; // the purposes it rules out must not be declared (checkNeverGrant)
    case 'vocabulary':
      return []; // a list of what may be declared: the policy may declare fewer
  }
}

/**
 * Every name an invariant uses must be one the policy's current version declares: an invariant
 * cannot be dropped (nor mistyped) by renaming or removing its role, category, purpose or scope.
 */
export function invariantVocabularyProblems(document: PolicyDocument, invariants: readonly PlacedInvariant[]): string[] {
  const declared = {
    role: new Set(Object.keys(document.roles)),
    category: new Set(Object.keys(document.categories)),
    purpose: new Set(Object.keys(document.purposes)),
    scope: new Set(['all', 'none', ...Object.keys(document.scopes ?? {})]),
  };
  const problems: string[] = [];
  for (const invariant of invariants) {
    for (const { kind, name, at } of namesOf(invariant)) {
      if (declared[kind].has(name)) continue;
      problems.push(`${at}: ${kind} ${name} is not declared by policy ${document.version}: every name an invariant uses must be the policy's (an invariant is not dropped by renaming what it names)`);
    }
  }
  return problems;
}

/** The invariants' refusals of a policy document, checked without the schema, in every version it keeps. */
export function checkInvariants(document: PolicyDocument, invariants: readonly PlacedInvariant[]): string[] {
  return invariants.flatMap((invariant) => {
    switch (invariant.kind) {
      case 'closedWorld':
        return checkClosedWorld(document, invariant);
      case 'categoryCeiling':
        return checkCategoryCeiling(document, invariant);
      case 'categoryOnly':
        return checkCategoryOnly(document, invariant);
      case 'scopes':
        return checkScopes(document, invariant);
      case 'neverGrant':
        return checkNeverGrant(document, invariant);
      case 'vocabulary':
        return checkVocabulary(document, invariant);
    }
  });
}
