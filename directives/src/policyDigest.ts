import { createHash } from 'node:crypto';
import type { CompiledPolicy } from './compilePolicy.ts';

const digests = new WeakMap<CompiledPolicy, string>();

/**
 * The identity of a policy's rules: sha256 (16 hex digits) of its validated document as
 * canonical JSON (keys sorted, no spaces). Two loads of the same rules have the same digest,
 * however the file is formatted; any change of a rule changes it. The gateway signs it into the
 * caller context (`Caller.policyDigest`) and audits it, and a subgraph decides a request under
 * the policy with that digest.
 */
export function policyDigest(policy: CompiledPolicy): string {
  let digest = digests.get(policy);
  if (digest === undefined) {
    digest = createHash('sha256').update(canonicalJson(policy.document)).digest('hex').slice(0, 16);
    digests.set(policy, digest);
  }
  return digest;
}

/** JSON with every object's keys sorted (arrays keep their order): one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
