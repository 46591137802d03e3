import { CALLER_CONTEXT_MAX_LIFETIME_SECONDS, verifyCallerContext, type Caller } from '@confero/directives';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { callerContextSigner } from './callerContextSigner.ts';

const SECRET = new TextEncoder().encode('caller-context-signer-test-secret-0123456789');
const caller: Caller = { sub: 'u1', role: 'SUPPORT', purpose: 'SERVICES', requestId: 'r1' };

describe('callerContextSigner', () => {
  it('signs once for the subgraph requests of a request, with the lifetime the subgraphs accept', async () => {
    const key = await crypto.subtle.importKey('raw', SECRET, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const clock = { ms: Date.now() };
    const signed = callerContextSigner(caller, key, () => clock.ms);
    const first = await signed();
    expect(await signed()).toBe(first);
    const claims = decodeJwt(first);
    expect(claims.exp! - claims.iat!).toBe(CALLER_CONTEXT_MAX_LIFETIME_SECONDS);
    expect(await verifyCallerContext(first, SECRET)).toHaveProperty('caller.requestId', 'r1');
  });

  it('signs again once half the lifetime has passed', async () => {
    const key = await crypto.subtle.importKey('raw', SECRET, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const clock = { ms: Date.now() };
    let signings = 0;
    const signed = callerContextSigner(caller, key, () => clock.ms);
    const seen = new Set<Promise<string>>();
    for (const step of [0, 29_999, 1, 29_999, 1]) {
      clock.ms += step;
      const next = signed();
      if (!seen.has(next)) signings += 1;
      seen.add(next);
    }
    expect(signings).toBe(3);
  });
});
