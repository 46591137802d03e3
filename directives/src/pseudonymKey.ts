import { createHmac } from 'node:crypto';

/** Domain separation: this derivation's keys are used for nothing else. */
const LABEL = 'confero-pseudonym';

/**
 * The key of the `hash` mask for one recipient: HMAC-SHA256(secret, "confero-pseudonym\0" +
 * role + "\0" + purpose). Pseudonyms are scoped: the same value hashed for two (role, purpose)
 * pairs gives two unrelated pseudonyms, so two recipients cannot join their data sets on one;
 * within one pair it is stable (joins and counts within one recipient's data). The gateway and
 * the subgraphs derive it alike; `secret` (`PII_HASH_KEY`) never leaves them. No purpose stated
 * derives with an empty purpose (such a caller gets no personal data to hash anyway).
 */
export function pseudonymKey(secret: Uint8Array | string, role: string, purpose: string | null | undefined): Buffer {
  if (secret.length === 0) throw new Error('pseudonymKey: the secret must not be empty');
  return createHmac('sha256', secret).update(`${LABEL}\u0000${role}\u0000${purpose ?? ''}`, 'utf8').digest();
}

/**
 * `pseudonymKey` derived once per (role, purpose) and kept. Only the pairs `keep` accepts are
 * kept (the policy's roles and purposes: a finite set), so a caller cannot grow the cache with
 * made-up roles; other pairs are derived on each call.
 */
export function pseudonymKeys(
  secret: Uint8Array | string,
  keep: (role: string, purpose: string | null | undefined) => boolean,
): (role: string, purpose: string | null | undefined) => Buffer {
  if (secret.length === 0) throw new Error('pseudonymKeys: the secret must not be empty');
  const keys = new Map<string, Buffer>();
  return (role, purpose) => {
    const id = `${role}\u0000${purpose ?? ''}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = pseudonymKey(secret, role, purpose);
      if (keep(role, purpose)) keys.set(id, key);
    }
    return key;
  };
}
