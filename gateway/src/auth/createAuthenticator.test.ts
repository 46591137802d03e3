import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_ROLE } from './identity.ts';
import { createAuthenticator } from './createAuthenticator.ts';
import { signDevToken } from '../index.ts';

const SECRET = 'unit-test-jwt-secret-0123456789-0123456789';

describe('createAuthenticator', () => {
  it('refuses to be built without a key source, naming what to configure', async () => {
    await expect(createAuthenticator({})).rejects.toThrow(/JWT_SECRET, JWKS_URL or JWT_PUBLIC_KEY/);
  });

  describe('with an HS256 secret', () => {
    it('accepts a development token and returns its identity: sub, role and the identity claims it is told to read', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET, identityClaims: ['wardId', 'patientId', 'sub', 'purpose'] });
      const token = await signDevToken({ sub: 'u1', role: 'NURSE', wardId: 'w-7', patientId: '', insurerId: 'i-1', purpose: 'TREATMENT' }, SECRET);
      expect(await authenticate(`Bearer ${token}`)).toEqual({ identity: { sub: 'u1', role: 'NURSE', wardId: 'w-7' } });
    });

    it('says why a token is refused', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const expired = await signDevToken({ sub: 'u1', role: 'CLIENT' }, SECRET, -60);
      expect(await authenticate(`Bearer ${expired}`)).toEqual({ error: { code: 'INVALID_TOKEN', message: 'Invalid token: it has expired.' } });
      expect(await authenticate(undefined)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });

    it('remembers verified tokens by their exact string: a tampered copy of a remembered token is still refused', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const token = await signDevToken({ sub: 'u1', role: 'CLIENT', clientId: 'cli_0001' }, SECRET);
      expect(await authenticate(`Bearer ${token}`)).toMatchObject({ identity: { sub: 'u1', role: 'CLIENT' } });
      expect(await authenticate(`Bearer ${token}`)).toMatchObject({ identity: { sub: 'u1', role: 'CLIENT' } });
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'LEGAL', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      expect(await authenticate(`Bearer ${header}.${forged}.${signature}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
      const at = token.length - 10;
      const flipped = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
      expect(await authenticate(`Bearer ${flipped}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });

    it('checks the issuer and audience when configured', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET, issuer: 'https://idp.test', audience: 'confero' });
      const wrong = await new SignJWT({ role: 'SUPPORT' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('https://evil.test').setAudience('confero').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
      expect(await authenticate(`Bearer ${wrong}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });
  });

  describe('when a token does not end in time', () => {
    const KEY = new TextEncoder().encode(SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const jwt = () => new SignJWT({ role: 'LEGAL' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1');

    it('refuses a token without exp', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const endless = await jwt().setIssuedAt().sign(KEY);
      expect(await authenticate(`Bearer ${endless}`)).toEqual({ error: { code: 'INVALID_TOKEN', message: 'Invalid token: it has no expiry (exp claim); tokens must expire.' } });
    });

    it('refuses a token whose exp - iat is longer than the maximum lifetime, though it has most of it behind it', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET, maxTokenLifetimeSeconds: 3600 });
      const t = now();
      const long = await jwt().setIssuedAt(t - 3000).setExpirationTime(t + 601).sign(KEY);
      expect(await authenticate(`Bearer ${long}`)).toEqual({
        error: { code: 'INVALID_TOKEN', message: 'Invalid token: it lives 3601 s (exp - iat), longer than the maximum token lifetime of 3600 s.' },
      });
      const within = await jwt().setIssuedAt(t - 3000).setExpirationTime(t + 600).sign(KEY);
      expect(await authenticate(`Bearer ${within}`)).toMatchObject({ identity: { role: 'LEGAL' } });
    });

    it('refuses a token that expires later than the maximum lifetime from now, with or without iat', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const noIat = await jwt().setExpirationTime(now() + 48 * 3600).sign(KEY);
      expect(await authenticate(`Bearer ${noIat}`)).toEqual({
        error: { code: 'INVALID_TOKEN', message: expect.stringMatching(/^Invalid token: it expires in 17\d{4} s, later than the maximum token lifetime of 86400 s allows\.$/) },
      });
      // iat in the future makes exp - iat look short: exp - now still bounds it.
      const t = now();
      const backdated = await jwt().setIssuedAt(t + 47 * 3600).setExpirationTime(t + 48 * 3600).sign(KEY);
      expect(await authenticate(`Bearer ${backdated}`)).toMatchObject({ error: { code: 'INVALID_TOKEN', message: expect.stringMatching(/later than the maximum token lifetime/) } });
      const day = await jwt().setExpirationTime(now() + 24 * 3600).sign(KEY);
      expect(await authenticate(`Bearer ${day}`)).toMatchObject({ identity: { role: 'LEGAL' } });
    });

    it('refuses to be built with a maximum lifetime that is not a positive whole number of seconds', async () => {
      await expect(createAuthenticator({ jwtSecret: SECRET, maxTokenLifetimeSeconds: 0 })).rejects.toThrow(/maxTokenLifetimeSeconds must be a positive whole number, got 0/);
    });
  });

  describe('when a role sees only its own records', () => {
    const claims: Record<string, string> = { INSURER: 'insurerId', NURSE: 'wardId', PATIENT: 'patientId' };
    const identityClaimOf = (role: string) => claims[role];

    it('refuses a token without the claim that names them, and accepts one with it', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET, identityClaims: Object.values(claims), identityClaimOf });
      for (const [role, claim] of Object.entries(claims)) {
        const without = await signDevToken({ sub: 'u1', role }, SECRET);
        expect(await authenticate(`Bearer ${without}`)).toEqual({
          error: { code: 'INVALID_TOKEN', message: `Invalid token: role ${role} sees only its own records and needs the ${claim} claim that names them.` },
        });
        const empty = await signDevToken({ sub: 'u1', role, [claim]: '' }, SECRET);
        expect(await authenticate(`Bearer ${empty}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
        const named = await signDevToken({ sub: 'u1', role, [claim]: 'id_1' }, SECRET);
        expect(await authenticate(`Bearer ${named}`)).toMatchObject({ identity: { role, [claim]: 'id_1' } });
      }
      expect(await authenticate(`Bearer ${await signDevToken({ sub: 'u1', role: 'SURGEON' }, SECRET)}`)).toMatchObject({ identity: { role: 'SURGEON' } });
    });
  });

  describe('with anonymous access off', () => {
    it('refuses a token whose role is the anonymous role', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const token = await signDevToken({ sub: 'u1', role: ANONYMOUS_ROLE }, SECRET);
      expect(await authenticate(`Bearer ${token}`)).toEqual({
        error: { code: 'INVALID_TOKEN', message: 'Invalid token: the role ANONYMOUS is kept for callers without a token, and anonymous access is off.' },
      });
    });
  });

  describe('with anonymous access on', () => {
    it('gives callers without a token the anonymous role, and still refuses a bad token', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET, allowAnonymous: true });
      expect(await authenticate(undefined)).toEqual({ identity: { sub: 'anonymous', role: ANONYMOUS_ROLE } });
      expect(await authenticate('Bearer x.y.z')).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });
  });

  describe('with a public key or a JWKS URL (production)', () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: CryptoKey;
    let publicPem: string;
    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey as CryptoKey;
      publicPem = await exportSPKI(pair.publicKey);
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const address = server.address() as { port: number };
      jwksUrl = `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const sign = (key: CryptoKey) => new SignJWT({ role: 'AUDITOR' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('a1').setExpirationTime('5m').sign(key);

    it('verifies RS256 tokens against the identity provider’s JWKS', async () => {
      const authenticate = await createAuthenticator({ jwksUrl });
      expect(await authenticate(`Bearer ${await sign(privateKey)}`)).toMatchObject({ identity: { sub: 'a1', role: 'AUDITOR' } });
      const other = (await generateKeyPair('RS256')).privateKey as CryptoKey;
      expect(await authenticate(`Bearer ${await sign(other)}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });

    it('verifies RS256 tokens against a PEM public key, and refuses HS256 tokens then', async () => {
      const authenticate = await createAuthenticator({ publicKeyPem: publicPem });
      expect(await authenticate(`Bearer ${await sign(privateKey)}`)).toMatchObject({ identity: { role: 'AUDITOR' } });
      const hs = await signDevToken({ sub: 'x', role: 'LEGAL' }, SECRET);
      expect(await authenticate(`Bearer ${hs}`)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });
  });
});
