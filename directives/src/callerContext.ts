import { SignJWT, jwtVerify } from 'jose';
import { PURPOSES, type Purpose } from './piiDirectiveSdl.ts';
import type { Caller } from './types.ts';

/** The header in which the gateway forwards the signed caller context to subgraphs. */
export const CALLER_CONTEXT_HEADER = 'x-confero-caller';

const ISSUER = 'confero-gateway';
const AUDIENCE = 'confero-subgraph';

/** Options of {@link signCallerContext}. */
export interface SignCallerContextOptions {
  /** HMAC secret shared by the gateway and the subgraphs (at least 32 bytes), or the same imported once as an HMAC SHA-256 `CryptoKey` (cheaper per call). */
  secret: Uint8Array | CryptoKey;
  /** Lifetime of the signed context in seconds. Default 60. */
  ttlSeconds?: number;
}

/** Signs a caller context for the subgraphs (HS256, short-lived). */
export async function signCallerContext(caller: Caller, options: SignCallerContextOptions): Promise<string> {
  const { sub, requestId, ...claims } = caller;
  return new SignJWT({ ...claims, rid: requestId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 60}s`)
    .sign(options.secret);
}

export type VerifyCallerContextResult = { caller: Caller } | { error: string };

/** Verifies a signed caller context; any defect (absent, forged, expired, malformed) is an error. */
export async function verifyCallerContext(
  token: string | undefined,
  secret: Uint8Array | CryptoKey,
): Promise<VerifyCallerContextResult> {
  if (!token) return { error: 'missing caller context' };
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub', 'role', 'rid'],
    });
    const purpose = payload.purpose ?? null;
    if (purpose !== null && !PURPOSES.includes(purpose as Purpose)) return { error: 'unknown purpose in caller context' };
    const optional = (name: string): string | undefined =>
      typeof payload[name] === 'string' ? (payload[name] as string) : undefined;
    return {
      caller: {
        sub: String(payload.sub),
        role: String(payload.role),
        purpose: purpose as Purpose | null,
        clientId: optional('clientId'),
        partnerId: optional('partnerId'),
        shopperId: optional('shopperId'),
        requestId: String(payload.rid),
      },
    };
  } catch (err) {
    return { error: `invalid caller context: ${(err as Error).message}` };
  }
}
