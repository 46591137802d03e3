import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_ROLE, createAuthenticator, signDevToken } from '../index.ts';

const SECRET = 'unit-test-jwt-secret-0123456789-0123456789';

describe('createAuthenticator', () => {
  it('refuses to be built without a key source, naming what to configure', async () => {
    await expect(createAuthenticator({})).rejects.toThrow(/JWT_SECRET, JWKS_URL or JWT_PUBLIC_KEY/);
  });

  describe('with an HS256 secret', () => {
    it('accepts a development token and returns its identity claims', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const token = await signDevToken({ sub: 'u1', role: 'CLIENT', clientId: 'cli_0001' }, SECRET);
      expect(await authenticate(`Bearer ${token}`)).toEqual({ identity: { sub: 'u1', role: 'CLIENT', clientId: 'cli_0001', partnerId: undefined, shopperId: undefined } });
    });

    it('says why a token is refused', async () => {
      const authenticate = await createAuthenticator({ jwtSecret: SECRET });
      const expired = await signDevToken({ sub: 'u1', role: 'CLIENT' }, SECRET, '-1m');
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
