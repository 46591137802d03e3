import { decide, decideRead, decideUntagged, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import type { DecideField, DecideRead, DecideUntagged } from './types.ts';

/** The decision functions `compilePrivacyPlan` takes, bound to one caller's role and purpose. */
export interface CallerDecisions {
  decideField: DecideField;
  decideUntagged: DecideUntagged;
  decideRead: DecideRead;
}

/**
 * Binds the policy's decisions to a caller: `decide` for `@pii` fields, `decideUntagged` for the
 * others (closed-world roles), `decideRead` for what `@piiReads` names. The gateway and the
 * explain command plan with the same functions.
 */
export function decisionsFor(policy: CompiledPolicy, caller: { role: string; purpose: string | null }, piiIndex: PiiIndex): CallerDecisions {
  const { role, purpose } = caller;
  return {
    decideField: (annotation, coordinate) => decide(policy, { role, purpose, annotation, coordinate }),
    decideUntagged: (coordinate, isKey) => decideUntagged(policy, { role, purpose, coordinate, isKey }),
    decideRead: (coordinate) => decideRead(policy, caller, piiIndex, coordinate),
  };
}
