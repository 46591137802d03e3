import type { CompiledPolicy } from '@confero/directives';

/** A purpose the role may state, or why it may not (a registered code, a message naming the purposes it may state). */
export type PurposeCheck =
  | { purpose: string }
  | { refused: { code: 'UNKNOWN_PURPOSE' | 'PURPOSE_NOT_GRANTED'; message: string; allowedPurposes: readonly string[] } };

/**
 * Checks a stated purpose (`x-purpose`, `--purpose`) against the policy: one it declares
 * (else `UNKNOWN_PURPOSE`) and granted to a role the policy knows (else `PURPOSE_NOT_GRANTED`).
 * The gateway and the explain command refuse with the same words.
 */
export function checkPurpose(policy: CompiledPolicy, role: string, stated: string): PurposeCheck {
  const allowed = policy.purposesOf(role);
  const list = allowed.join(', ') || '(none)';
  if (!policy.purposes.has(stated)) {
    return { refused: { code: 'UNKNOWN_PURPOSE', message: `Unknown purpose "${stated}". Role ${role} may state: ${list}.`, allowedPurposes: allowed } };
  }
  if (!allowed.includes(stated)) {
    return { refused: { code: 'PURPOSE_NOT_GRANTED', message: `Role ${role} may not state purpose ${stated}. It may state: ${list}.`, allowedPurposes: allowed } };
  }
  return { purpose: stated };
}
