import { policyPath } from './policyPath.ts';
import type { PolicyDocument } from './policySchema.ts';
import { policyVersionsOf } from './policyVersionsOf.ts';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

/**
 * The names a policy uses but does not declare, each named by its path: a role of an earlier
 * version the current one does not declare (every version uses the current version's
 * vocabulary), a scope, a purpose a grant names, a category a grant's tables name. A purpose
 * `refused` says is reported by the invariant that refuses it instead (`neverGrant`).
 */
export function checkPolicyVocabulary(document: PolicyDocument, refused: (purpose: string) => boolean = () => false): string[] {
  const errors: string[] = [];
  const roles = new Set(Object.keys(document.roles));
  const categories = new Set(Object.keys(document.categories));
  const purposes = new Set(Object.keys(document.purposes));
  const scopes = new Set(['all', 'none', ...Object.keys(document.scopes ?? {})]);
  for (const { at, roles: versionRoles } of policyVersionsOf(document)) {
    for (const [role, spec] of Object.entries(versionRoles)) {
      const here = [...at, 'roles', role];
      if (!roles.has(role)) errors.push(`${policyPath(here)}: unknown role: the current version does not declare it (earlier versions use the current version's roles, purposes and categories)`);
      if (!scopes.has(spec.scope)) errors.push(`${policyPath([...here, 'scope'])}: unknown scope ${JSON.stringify(spec.scope)} (the policy's scopes: ${list(scopes)})`);
      spec.grants.forEach((grant, g) => {
        grant.purposes.forEach((purpose, p) => {
          if (purposes.has(purpose) || refused(purpose)) return;
          errors.push(`${policyPath([...here, 'grants', g, 'purposes', p])}: unknown purpose ${JSON.stringify(purpose)}: not one the policy declares (its purposes: ${list(purposes)})`);
        });
        for (const table of ['categories', 'sensitive'] as const) {
          for (const category of Object.keys(grant[table] ?? {})) {
            if (!categories.has(category)) errors.push(`${policyPath([...here, 'grants', g, table, category])}: unknown category (the policy's categories: ${list(categories)})`);
          }
        }
      });
    }
  }
  return errors;
}
