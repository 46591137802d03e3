import type { CompiledPolicy } from './compilePolicy.ts';
import { decideRead, type ReadCaller, type ReadSchema } from './decideRead.ts';

/** One kind of record a condition admits: collected under `policyVersion`, with these consents. */
export interface RecordAlternative {
  readonly policyVersion: string;
  /** Consent flags (`consents.<flag>`) the record must carry with these values; empty: any. */
  readonly consents: Readonly<Record<string, boolean>>;
}

/**
 * Which records a caller may compare with some fields (a filter, sort or search on them):
 * those that give it every such field in full. `all`: the fields are not personal; `none`:
 * no record does; `some`: a record matches one of `anyOf`. Records that keep no policy
 * version count as collected under `currentVersion`; a record under a version the policy does
 * not keep matches nothing.
 */
export type RecordCondition =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'some'; readonly currentVersion: string; readonly anyOf: readonly RecordAlternative[] };

const ALL: RecordCondition = Object.freeze({ kind: 'all' });
const NONE: RecordCondition = Object.freeze({ kind: 'none' });
/** More consent flags than this in one read would make too many alternatives to enumerate: none match. */
const MAX_FLAGS = 4;

/** The consent flags the caller's rules for these fields depend on, in any version. */
function consentFlags(policy: CompiledPolicy, caller: ReadCaller, coordinates: readonly string[]): string[] {
  const flags = new Set<string>();
  for (const version of [policy, ...policy.previousVersions.values()]) {
    const grant = caller.purpose == null ? undefined : version.roles.get(caller.role)?.grantFor.get(caller.purpose);
    for (const coordinate of coordinates) {
      const consent = grant?.fields.get(coordinate)?.consent;
      if (consent !== undefined) flags.add(consent);
    }
  }
  return [...flags].sort();
}

/**
 * The records on which `caller` may read `coordinates` in full, from the policy alone: every
 * version it keeps × every combination of the consent flags its rules name is decided with the
 * real `decide`, so the condition says exactly what deciding each record would.
 */
export function recordConditionFor(policy: CompiledPolicy, caller: ReadCaller, schema: ReadSchema, coordinates: readonly string[]): RecordCondition {
  if (coordinates.every((c) => !decideRead(policy, caller, schema, c).perRecord)) return ALL;
  const flags = consentFlags(policy, caller, coordinates);
  if (flags.length > MAX_FLAGS) return NONE;
  const anyOf: RecordAlternative[] = [];
  for (const policyVersion of [policy.version, ...policy.previousVersions.keys()]) {
    const admitted: Array<Record<string, boolean>> = [];
    for (let bits = 0; bits < 1 << flags.length; bits += 1) {
      const consents = Object.fromEntries(flags.map((flag, i) => [flag, (bits & (1 << i)) !== 0]));
      const record = { policyVersion, consents };
      if (coordinates.every((c) => decideRead(policy, caller, schema, c, record).permitted)) admitted.push(consents);
    }
    if (admitted.length === 1 << flags.length) anyOf.push({ policyVersion, consents: {} });
    else for (const consents of admitted) anyOf.push({ policyVersion, consents });
  }
  return anyOf.length === 0 ? NONE : Object.freeze({ kind: 'some', currentVersion: policy.version, anyOf: Object.freeze(anyOf) });
}

/** The key under which the subgraph transformer hands a resolver the condition of the reads its arguments use. */
export const RECORD_CONDITION: unique symbol = Symbol.for('confero.pii.recordCondition');

/** The record condition the transformer attached to a resolver's arguments; undefined: none applies. */
export function recordConditionOf(args: unknown): RecordCondition | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  return (args as { [RECORD_CONDITION]?: RecordCondition })[RECORD_CONDITION];
}
