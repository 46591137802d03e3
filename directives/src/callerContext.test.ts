import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CALLER_CONTEXT_CLOCK_SKEW_SECONDS } from './callerContext.ts';
import { CALLER_CONTEXT_MAX_LIFETIME_SECONDS, signCallerContext, verifyCallerContext, type Caller } from './index.ts';

const SECRET = new TextEncoder().encode('caller-context-test-secret-0123456789');
const OTHER_SECRET = new TextEncoder().encode('another-caller-context-secret-9876543210');
const caller: Caller = { sub: 'u1', role: 'CLIENT', purpose: 'CLIENT_REPORTING', clientId: 'c1', requestId: 'r1' };

const importSecret = (secret: Uint8Array<ArrayBuffer>, usages: KeyUsage[]) =>
  crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, usages);

describe('signCallerContext', () => {
  it('writes the same HS256 JWT as jose does', async () => {
    const token = await signCallerContext(caller, { secret: SECRET });
    const { sub, requestId, ...claims } = caller;
    // The same issue time as the token's (a second may tick between the two signings).
    const iat = decodeJwt(token).iat!;
    const reference = await new SignJWT({ ...claims, rid: requestId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer('confero-gateway')
      .setAudience('confero-subgraph')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(SECRET);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256' });
    expect(JSON.stringify(decodeJwt(token))).toBe(JSON.stringify(decodeJwt(reference)));
    await expect(jwtVerify(token, SECRET, { algorithms: ['HS256'] })).resolves.toBeDefined();
  });

  it('signs with an imported CryptoKey as with its raw bytes', async () => {
    const key = await importSecret(SECRET, ['sign']);
    const token = await signCallerContext(caller, { secret: key, ttlSeconds: 5 });
    const { payload } = await jwtVerify(token, SECRET, { algorithms: ['HS256'] });
    expect(payload.exp! - payload.iat!).toBe(5);
  });

  it('refuses to sign a context that would live longer than the bound the subgraphs enforce', async () => {
    await expect(signCallerContext(caller, { secret: SECRET, ttlSeconds: CALLER_CONTEXT_MAX_LIFETIME_SECONDS + 1 })).rejects.toThrow(/ttlSeconds must be a whole number of seconds up to 60, got 61/);
    const { payload } = await jwtVerify(await signCallerContext(caller, { secret: SECRET }), SECRET, { algorithms: ['HS256'] });
    expect(payload.exp! - payload.iat!).toBe(CALLER_CONTEXT_MAX_LIFETIME_SECONDS);
  });

  it('refuses a key that is not an HMAC SHA-256 signing key', async () => {
    const key = await importSecret(SECRET, ['verify']);
    await expect(signCallerContext(caller, { secret: key })).rejects.toThrow(/HMAC SHA-256/);
  });
});

describe('verifyCallerContext', () => {
  it('gives back the caller that was signed', async () => {
    const token = await signCallerContext(caller, { secret: SECRET });
    expect(await verifyCallerContext(token, SECRET)).toEqual({ caller: { ...caller, partnerId: undefined, shopperId: undefined } });
  });

  it('carries the digest of the policy the request was decided under', async () => {
    const token = await signCallerContext({ ...caller, policyDigest: '0123456789abcdef' }, { secret: SECRET });
    expect(await verifyCallerContext(token, SECRET)).toHaveProperty('caller.policyDigest', '0123456789abcdef');
  });

  it('accepts an imported verification key', async () => {
    const token = await signCallerContext(caller, { secret: SECRET });
    expect(await verifyCallerContext(token, await importSecret(SECRET, ['verify']))).toHaveProperty('caller.role', 'CLIENT');
  });

  it('refuses a context signed with another secret, also after the first secret was used', async () => {
    await verifyCallerContext(await signCallerContext(caller, { secret: SECRET }), SECRET);
    const forged = await signCallerContext(caller, { secret: OTHER_SECRET });
    expect(await verifyCallerContext(forged, SECRET)).toHaveProperty('error');
    expect(await verifyCallerContext(forged, OTHER_SECRET)).toHaveProperty('caller.sub', 'u1');
  });

  it('refuses a secret changed in place', async () => {
    const secret = Uint8Array.from(SECRET);
    const token = await signCallerContext(caller, { secret });
    expect(await verifyCallerContext(token, secret)).toHaveProperty('caller');
    secret[0] ^= 1;
    expect(await verifyCallerContext(token, secret)).toHaveProperty('error');
  });

  it('refuses an expired, a tampered and a missing context', async () => {
    const expired = await signCallerContext(caller, { secret: SECRET, ttlSeconds: -1 });
    expect(await verifyCallerContext(expired, SECRET)).toEqual({ error: expect.stringMatching(/exp/) });
    const token = await signCallerContext(caller, { secret: SECRET });
    const [header, , signature] = token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'LEGAL' })).toString('base64url');
    expect(await verifyCallerContext(`${header}.${elevated}.${signature}`, SECRET)).toHaveProperty('error');
    expect(await verifyCallerContext(undefined, SECRET)).toEqual({ error: 'missing caller context' });
  });

  it('refuses a purpose that is not a string, and leaves an undeclared one to decide (which denies it)', async () => {
    const token = await signCallerContext({ ...caller, purpose: 42 as never }, { secret: SECRET });
    expect(await verifyCallerContext(token, SECRET)).toEqual({ error: 'malformed purpose in caller context' });
    const snooping = await verifyCallerContext(await signCallerContext({ ...caller, purpose: 'SNOOPING' }, { secret: SECRET }), SECRET);
    expect(snooping).toMatchObject({ caller: { purpose: 'SNOOPING' } });
  });

  it('carries the identity claims the gateway forwarded, whatever their names, and none of its own', async () => {
    const token = await signCallerContext({ ...caller, clientId: undefined, wardId: 'w-7', patientId: 'p-1' }, { secret: SECRET });
    const verified = await verifyCallerContext(token, SECRET);
    expect(verified).toEqual({ caller: { sub: caller.sub, role: caller.role, purpose: caller.purpose, requestId: caller.requestId, wardId: 'w-7', patientId: 'p-1' } });
  });

  describe('when the context claims a lifetime', () => {
    /** A context signed with the right key, as an attacker holding it (or a misconfigured signer) might write it. */
    const signed = (times: { iat?: number; exp: number }) => {
      let jwt = new SignJWT({ role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', rid: 'r1' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .setIssuer('confero-gateway')
        .setAudience('confero-subgraph')
        .setExpirationTime(times.exp);
      if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
      return jwt.sign(SECRET);
    };
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts one that lives exactly the bound', async () => {
      const t = now();
      expect(await verifyCallerContext(await signed({ iat: t, exp: t + CALLER_CONTEXT_MAX_LIFETIME_SECONDS }), SECRET)).toHaveProperty('caller.role', 'LEGAL');
    });

    it('refuses one that lives longer than 60 s, though it is unexpired and correctly signed', async () => {
      const t = now();
      const token = await signed({ iat: t, exp: t + CALLER_CONTEXT_MAX_LIFETIME_SECONDS + 1 });
      expect(await verifyCallerContext(token, SECRET)).toEqual({ error: 'caller context lives 61 s (exp - iat), longer than 60 s' });
      expect(await verifyCallerContext(await signed({ iat: t, exp: t + 24 * 3600 }), SECRET)).toHaveProperty('error');
    });

    it('refuses one without iat, whose lifetime cannot be told', async () => {
      expect(await verifyCallerContext(await signed({ exp: now() + 30 }), SECRET)).toEqual({ error: expect.stringMatching(/invalid caller context: .*iat/) });
    });

    it('refuses one issued in the future beyond the allowed clock skew, and accepts one within it', async () => {
      const future = now() + CALLER_CONTEXT_CLOCK_SKEW_SECONDS + 10;
      expect(await verifyCallerContext(await signed({ iat: future, exp: future + 30 }), SECRET)).toEqual({ error: 'caller context issued in the future (iat)' });
      const skewed = now() + CALLER_CONTEXT_CLOCK_SKEW_SECONDS - 2;
      expect(await verifyCallerContext(await signed({ iat: skewed, exp: skewed + 30 }), SECRET)).toHaveProperty('caller.sub', 'u1');
    });
  });
});
