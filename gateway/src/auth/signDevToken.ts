import { SignJWT } from 'jose';
import type { Identity } from './identity.ts';

/** Signs an HS256 development token for an identity (default lifetime 12 hours). */
export function signDevToken(identity: Identity, secret: string, expiresIn = '12h'): Promise<string> {
  const { sub, ...claims } = identity;
  const defined = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(defined).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}
