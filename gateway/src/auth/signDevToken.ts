import { SignJWT } from 'jose';
import type { Identity } from './identity.ts';

/** Lifetime of a development token when none is given: 12 hours (under the gateway's default maximum of 24). */
export const DEV_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Signs an HS256 development token for an identity. It always carries `iat` and `exp`
 * (`expiresInSeconds` after now; negative gives an expired token, for tests).
 */
export function signDevToken(identity: Identity, secret: string, expiresInSeconds = DEV_TOKEN_LIFETIME_SECONDS): Promise<string> {
  if (!Number.isFinite(expiresInSeconds)) throw new RangeError(`signDevToken: expiresInSeconds must be a number of seconds, got ${expiresInSeconds}`);
  const { sub, ...claims } = identity;
  const defined = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT(defined)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.round(expiresInSeconds))
    .sign(new TextEncoder().encode(secret));
}
