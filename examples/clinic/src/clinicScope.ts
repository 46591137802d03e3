import type { Caller } from '@confero/directives';
import { ALL_RECORDS, type ScopeFilter } from '@confero/subgraph-common';

/**
 * The records of one clinic collection a caller may reach, as a query filter (`null`: none):
 * - `all` → every record;
 * - `patient` → the caller's own: those whose `ownerField` is the token's `patientId` claim
 *   (`_id` for the patients themselves, `patientId` for appointments and invoices);
 * - anything else (`none`, a scope this deployment does not know), or `patient` without the
 *   claim → none.
 */
export function clinicScopeFilter(caller: Caller, scope: string, ownerField: string): ScopeFilter {
  switch (scope) {
    case 'all':
      return ALL_RECORDS;
    case 'patient':
      return caller.patientId ? { [ownerField]: caller.patientId } : null;
    default:
      return null;
  }
}
