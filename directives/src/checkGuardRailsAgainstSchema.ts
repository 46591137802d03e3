import { checkMasksAgainstSchema } from './checkMasksAgainstSchema.ts';
import { checkSensitivePurposes } from './checkSensitivePurposes.ts';
import type { CompiledPolicy } from './compilePolicy.ts';
import { checkCategoryCeilingAgainstSchema } from './invariants/categoryCeilingInvariant.ts';
import { checkCategoryOnlyAgainstSchema } from './invariants/categoryOnlyInvariant.ts';
import { checkClosedWorldAgainstSchema } from './invariants/closedWorldInvariant.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';

/**
 * The guard rails a policy breaks once the schema's `@pii` annotations are known, in every
 * version it keeps: the deployment's invariants the policy was loaded with (`policy.invariants`)
 * that need the schema (a field rule that reaches a `@pii` field a `closedWorld`,
 * `categoryCeiling` or `categoryOnly` invariant rules out), and the mechanism's own rules: a
 * sensitive field that lists no purposes shown to anyone (`checkSensitivePurposes`), a
 * `mask:hash` over a value with few distinct values (`checkMasksAgainstSchema`). Run it where a
 * policy meets a schema: at start-up, in the lint, before writing a supergraph.
 */
export function checkGuardRailsAgainstSchema(policy: CompiledPolicy, index: PiiIndex): string[] {
  const errors: string[] = [];
  for (const invariant of policy.invariants.list) {
    if (invariant.kind === 'closedWorld') errors.push(...checkClosedWorldAgainstSchema(policy, index, invariant));
    else if (invariant.kind === 'categoryCeiling') errors.push(...checkCategoryCeilingAgainstSchema(policy, index, invariant));
    else if (invariant.kind === 'categoryOnly') errors.push(...checkCategoryOnlyAgainstSchema(policy, index, invariant));
  }
  errors.push(...checkSensitivePurposes(policy, index));
  errors.push(...checkMasksAgainstSchema(policy, index));
  return errors;
}
