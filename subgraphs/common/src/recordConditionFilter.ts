import type { RecordCondition } from '@confero/directives';
import { ALL_RECORDS, type ScopeFilter } from './filters.ts';

/**
 * The MongoDB filter of a record condition (the records a caller may compare with the fields
 * its arguments read): records carry their policy version as `policyVersion` (none: the current
 * one) and their consents as `consents.<flag>`. Undefined or `all` → every record; `none` → no
 * record (null).
 */
export function recordConditionFilter(condition: RecordCondition | undefined): ScopeFilter {
  if (!condition || condition.kind === 'all') return ALL_RECORDS;
  if (condition.kind === 'none') return null;
  const alternatives: Array<Record<string, unknown>> = [];
  for (const alternative of condition.anyOf) {
    const consents = Object.fromEntries(
      Object.entries(alternative.consents).map(([flag, given]) => [`consents.${flag}`, given ? true : { $ne: true }]),
    );
    alternatives.push({ policyVersion: alternative.policyVersion, ...consents });
    if (alternative.policyVersion === condition.currentVersion) alternatives.push({ policyVersion: { $exists: false }, ...consents });
  }
  return alternatives.length === 1 ? alternatives[0]! : { $or: alternatives };
}
