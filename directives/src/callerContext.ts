import { createHmac, KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Caller } from './types.ts';

/** The header in which the gateway forwards the signed caller context to subgraphs. */
export const CALLER_CONTEXT_HEADER = 'x-confero-caller';

const ISSUER = 'confero-gateway';
const AUDIENCE = 'confero-subgraph';
/**
 * Longest a signed caller context may live (`exp - iat`), in seconds. The gateway signs with
 * it; subgraphs refuse a context that claims a longer life, so a leaked context is of use for
 * a minute at most, whoever signed it.
 */
export const CALLER_CONTEXT_MAX_LIFETIME_SECONDS = 60;
/**
 * How far in the future a caller context's `iat` may lie, in seconds: the gateway's and a
 * subgraph's clocks may differ by this much. Beyond it the context is refused.
 */
export const CALLER_CONTEXT_CLOCK_SKEW_SECONDS = 5;
/** base64url of `{"alg":"HS256"}`, the protected header of every caller context. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** Options of {@link signCallerContext}. */
export interface SignCallerContextOptions {
  /** HMAC secret shared by the gateway and the subgraphs (at least 32 bytes), or the same imported as an HMAC SHA-256 `CryptoKey`. */
  secret: Uint8Array | CryptoKey;
  /** Lifetime of the signed context in seconds, at most {@link CALLER_CONTEXT_MAX_LIFETIME_SECONDS}. Default {@link CALLER_CONTEXT_MAX_LIFETIME_SECONDS} (60). */
  ttlSeconds?: number;
}

/**
 * Signs a caller context for the subgraphs: a compact HS256 JWT (`iss`, `aud`, `sub`, `iat`,
 * `exp`, the caller's claims, `rid`, the request id, and `policyDigest`, the policy it was
 * decided under), as `jose`'s `SignJWT` would write it.
 * Signed synchronously with `node:crypto` (WebCrypto would cost a thread-pool round trip per
 * request); the promise is kept for the callers.
 */
export async function signCallerContext(caller: Caller, options: SignCallerContextOptions): Promise<string> {
  const ttl = options.ttlSeconds ?? CALLER_CONTEXT_MAX_LIFETIME_SECONDS;
  if (!Number.isInteger(ttl) || ttl > CALLER_CONTEXT_MAX_LIFETIME_SECONDS) {
    throw new RangeError(`signCallerContext: ttlSeconds must be a whole number of seconds up to ${CALLER_CONTEXT_MAX_LIFETIME_SECONDS}, got ${ttl}`);
  }
  const { sub, requestId, ...claims } = caller;
  const iat = Math.floor(Date.now() / 1000);
  const payload = { ...claims, rid: requestId, sub, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + ttl };
  const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = createHmac('sha256', hmacKeyOf(options.secret)).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const signingKeys = new WeakMap<CryptoKey, KeyObject>();

/** The key `createHmac` takes: the bytes as they are, a `CryptoKey`'s key object (converted once). */
function hmacKeyOf(secret: Uint8Array | CryptoKey): Uint8Array | KeyObject {
  if (secret instanceof Uint8Array) return secret;
  let key = signingKeys.get(secret);
  if (!key) {
    const { algorithm, usages } = secret as CryptoKey & { algorithm: { name: string; hash?: { name: string } } };
    if (algorithm.name !== 'HMAC' || algorithm.hash?.name !== 'SHA-256' || !usages.includes('sign')) {
      throw new TypeError('signCallerContext: the key must be an HMAC SHA-256 key usable for "sign"');
    }
    key = KeyObject.from(secret);
    signingKeys.set(secret, key);
  }
  return key;
}

/** Claims of the context itself, never an identity claim of the caller. */
const RESERVED_CLAIMS: ReadonlySet<string> = new Set(['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti', 'role', 'rid', 'purpose', 'requestId']);

export type VerifyCallerContextResult = { caller: Caller } | { error: string };

/**
 * Raw secrets imported as verification keys, once each (importing them again for every request
 * costs more than the verification). Keyed by the secret's bytes, so a secret changed in place
 * is never verified with a stale key.
 */
const verificationKeys = new Map<string, Promise<CryptoKey>>();
const MAX_VERIFICATION_KEYS = 16;

function verificationKeyOf(secret: Uint8Array): Promise<CryptoKey> {
  const id = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength).toString('base64');
  let key = verificationKeys.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    if (verificationKeys.size >= MAX_VERIFICATION_KEYS) verificationKeys.delete(verificationKeys.keys().next().value!);
    verificationKeys.set(id, key);
  }
  return key;
}

/**
 * Verifies a signed caller context; any defect is an error: absent, forged, malformed, expired,
 * living longer than {@link CALLER_CONTEXT_MAX_LIFETIME_SECONDS} (`exp - iat`), or issued more
 * than {@link CALLER_CONTEXT_CLOCK_SKEW_SECONDS} in the future.
 */
export async function verifyCallerContext(
  token: string | undefined,
  secret: Uint8Array | CryptoKey,
): Promise<VerifyCallerContextResult> {
  if (!token) return { error: 'missing caller context' };
  try {
    const key = secret instanceof Uint8Array ? await verificationKeyOf(secret) : secret;
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub', 'role', 'rid'],
    });
    const { iat, exp } = payload as { iat: number; exp: number };
    if (exp - iat > CALLER_CONTEXT_MAX_LIFETIME_SECONDS) {
      return { error: `caller context lives ${exp - iat} s (exp - iat), longer than ${CALLER_CONTEXT_MAX_LIFETIME_SECONDS} s` };
    }
    if (iat > Date.now() / 1000 + CALLER_CONTEXT_CLOCK_SKEW_SECONDS) return { error: 'caller context issued in the future (iat)' };
    const purpose = payload.purpose ?? null;
    // Whether the policy declares it is `decide`'s to say (an undeclared purpose denies).
    if (purpose !== null && typeof purpose !== 'string') return { error: 'malformed purpose in caller context' };
    const caller: Caller = { sub: String(payload.sub), role: String(payload.role), purpose, requestId: String(payload.rid) };
    // The identity claims the gateway forwarded (those the policy's record scopes name).
    for (const [name, value] of Object.entries(payload)) {
      if (typeof value === 'string' && !RESERVED_CLAIMS.has(name)) caller[name] = value;
    }
    return { caller };
  } catch (err) {
    return { error: `invalid caller context: ${(err as Error).message}` };
  }
}
