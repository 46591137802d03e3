import { createServer, get, type Server } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadPolicy } from '@confero/directives';
import { referencePolicyDocument } from '@confero/testing';
import type { ExplorerBundle } from '@confero/explorer';
import { buildSchema } from 'graphql';
import { decodeJwt } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../auth/createAuthenticator.ts';
import { signDevToken } from '../auth/signDevToken.ts';
import { sendJson } from '../http/sendJson.ts';
import { createExplorerHandler } from './createExplorerHandler.ts';
import { resolveExplorerOptions, type ExplorerOptions } from './explorerOptions.ts';

const SECRET = 'unit-test-jwt-secret-0123456789-0123456789';
const loaded = loadPolicy(referencePolicyDocument({
  version: '2026-11-01',
  roles: {
    CLIENT: { scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], categories: { IDENTIFIERS: 'deny' } }] },
    PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: ['PARTNER_REFERRAL'] }] },
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' } }] },
  },
}));
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const policy = loaded.policy;
const script = Buffer.from('console.info("explorer");'.repeat(50));
const fakeBundle: ExplorerBundle = {
  files: new Map([['explorer-T.js', { body: script, gzip: gzipSync(script), contentType: 'text/javascript; charset=utf-8' }]]),
  script: 'explorer-T.js',
  style: 'explorer-T.css',
  workers: { editor: 'e.js', json: 'j.js', graphql: 'g.js' },
  id: 'test',
};

interface Running {
  base: string;
  server: Server;
  bundleCalls: () => number;
}

async function serve(options: ExplorerOptions, bundle: () => Promise<ExplorerBundle> = async () => fakeBundle): Promise<Running> {
  let calls = 0;
  const handler = createExplorerHandler({
    explorer: resolveExplorerOptions(options, SECRET),
    policy: () => policy,
    authenticate: await createAuthenticator({ jwtSecret: SECRET }),
    apiSchema: () => buildSchema('type Query { hello: String }'),
    graphqlPath: '/graphql',
    privacyPath: '/privacy',
    explain: true,
    bundle: () => {
      calls += 1;
      return bundle();
    },
    logger: pino({ level: 'silent' }),
  })((req, res) => sendJson(res, 200, { next: req.url }));
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, bundleCalls: () => calls };
}

const close = (r: Running | undefined) => new Promise<void>((resolve) => (r ? r.server.close(() => resolve()) : resolve()));
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('createExplorerHandler', () => {
  describe('when development tokens are off (production)', () => {
    let r: Running;
    beforeAll(async () => {
      r = await serve({});
    });
    afterAll(() => close(r));

    it('serves the page to browsers at /, /explorer and /graphql, with a CSP that allows only this origin', async () => {
      for (const path of ['/', '/explorer', '/graphql']) {
        const res = await fetch(`${r.base}${path}`, { headers: html });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
        const body = await res.text();
        expect(body).toContain('src="/explorer/assets/explorer-T.js"');
        expect(body).toContain('"devTokens":null');
      }
    });

    it('passes every other request on unchanged: JSON GETs of /graphql, POSTs, / without text/html', async () => {
      await expect((await fetch(`${r.base}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json' } })).json()).resolves.toEqual({ next: '/graphql?query=%7B__typename%7D' });
      await expect((await fetch(`${r.base}/graphql`, { method: 'POST', headers: { ...html, 'content-type': 'application/json' }, body: '{}' })).json()).resolves.toEqual({ next: '/graphql' });
      await expect((await fetch(`${r.base}/`)).json()).resolves.toEqual({ next: '/' });
    });

    it('has no token endpoint and no schema route', async () => {
      const minted = await fetch(`${r.base}/explorer/token`, { method: 'POST', headers: { origin: r.base, 'content-type': 'application/json' }, body: '{"role":"SUPPORT"}' });
      await expect(minted.json()).resolves.toEqual({ next: '/explorer/token' });
      await expect((await fetch(`${r.base}/explorer/schema`)).json()).resolves.toEqual({ next: '/explorer/schema' });
    });

    it('serves built files (gzip when asked) and nothing else under /explorer/assets/', async () => {
      const plain = await fetch(`${r.base}/explorer/assets/explorer-T.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('cache-control')).toContain('immutable');
      expect(Buffer.from(await plain.arrayBuffer())).toEqual(script);
      const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const req = get(`${r.base}/explorer/assets/explorer-T.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
      });
      expect(zipped.encoding).toBe('gzip');
      expect(gunzipSync(zipped.body)).toEqual(script);
      expect((await fetch(`${r.base}/explorer/assets/nope.js`)).status).toBe(404);
      expect((await fetch(`${r.base}/explorer/assets/%2e%2e%2fpackage.json`)).status).toBe(404);
    });
  });

  describe('when development tokens are on', () => {
    let r: Running;
    let authenticate: Awaited<ReturnType<typeof createAuthenticator>>;
    beforeAll(async () => {
      r = await serve({ devTokens: true });
      authenticate = await createAuthenticator({ jwtSecret: SECRET, identityClaims: policy.claims });
    });
    afterAll(() => close(r));

    const mint = (body: unknown, headers: Record<string, string> = { origin: '' }) =>
      fetch(`${r.base}/explorer/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...(headers.origin === '' ? { origin: r.base } : {}) },
        body: JSON.stringify(body),
      });

    it('mints a 15-minute token with exp and exactly the identity claim the role’s scope needs', async () => {
      const res = await mint({ role: 'CLIENT', clientId: 'cli_0001', partnerId: 'ptn_9' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
      const claims = decodeJwt(token);
      expect(claims.exp! - claims.iat!).toBe(900);
      expect(Date.parse(expiresAt) / 1000).toBeCloseTo(claims.exp!, -1);
      expect(await authenticate(`Bearer ${token}`)).toEqual({ identity: { sub: 'explorer-client-cli_0001', role: 'CLIENT', clientId: 'cli_0001' } });
      const partner = decodeJwt(((await (await mint({ role: 'PARTNER', partnerId: 'ptn_1' })).json()) as { token: string }).token);
      expect(partner).toMatchObject({ role: 'PARTNER', partnerId: 'ptn_1' });
      const support = decodeJwt(((await (await mint({ role: 'SUPPORT', clientId: 'cli_0001' })).json()) as { token: string }).token);
      expect(support.clientId).toBeUndefined();
    });

    it('refuses a request from anywhere but its own page', async () => {
      const attempts: Array<Record<string, string>> = [{}, { origin: 'http://evil.test' }, { origin: r.base, 'sec-fetch-site': 'cross-site' }];
      for (const headers of attempts) {
        const res = await fetch(`${r.base}/explorer/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"role":"SUPPORT"}' });
        expect(res.status).toBe(403);
        expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('CROSS_ORIGIN_REFUSED');
      }
    });

    it('refuses a form body, an unknown role, a missing or malformed identity, and GET', async () => {
      const codeOf = async (res: Response) => [res.status, ((await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors[0]];
      expect(await codeOf(await fetch(`${r.base}/explorer/token`, { method: 'POST', headers: { origin: r.base, 'content-type': 'text/plain' }, body: '{"role":"SUPPORT"}' }))).toMatchObject([415, { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }]);
      expect(await codeOf(await mint({ role: 'LEGAL' }))).toMatchObject([403, { extensions: { code: 'UNKNOWN_ROLE' } }]);
      expect(await codeOf(await mint({ role: 'CLIENT' }))).toMatchObject([400, { message: expect.stringContaining('needs clientId'), extensions: { code: 'BAD_REQUEST' } }]);
      expect(await codeOf(await mint({ role: 'CLIENT', clientId: 'a b<script>' }))).toMatchObject([400, { extensions: { code: 'BAD_REQUEST' } }]);
      expect(await codeOf(await mint({ role: 'SUPPORT', admin: true }))).toMatchObject([400, { extensions: { code: 'BAD_REQUEST' } }]);
      expect(await codeOf(await mint({ role: 'SUPPORT', tenantId: 't1' }))).toMatchObject([400, { message: expect.stringContaining("tenantId: not a claim the policy's scopes name (clientId, shopperId, partnerId)"), extensions: { code: 'BAD_REQUEST' } }]);
      expect((await fetch(`${r.base}/explorer/token`)).status).toBe(405);
    });

    it('gives the API schema’s introspection to a caller with a valid token of a known role, and to no one else', async () => {
      const { token } = (await (await mint({ role: 'SUPPORT' })).json()) as { token: string };
      const ok = await fetch(`${r.base}/explorer/schema`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { data: { __schema: { queryType: { name: string } } } }).data.__schema.queryType.name).toBe('Query');
      expect((await fetch(`${r.base}/explorer/schema`)).status).toBe(401);
      const stranger = await signDevToken({ sub: 'x', role: 'LEGAL' }, SECRET);
      expect((await fetch(`${r.base}/explorer/schema`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(403);
    });

    it('tells the page where to mint and where to get the schema', async () => {
      const page = await (await fetch(`${r.base}/`, { headers: html })).text();
      expect(page).toContain('"devTokens":{"path":"/explorer/token","lifetimeSeconds":900}');
      expect(page).toContain('"schemaPath":"/explorer/schema"');
    });
  });

  describe('when the bundle cannot be built', () => {
    let r: Running;
    let fail = true;
    beforeAll(async () => {
      r = await serve({}, async () => {
        if (fail) throw new Error('esbuild is missing');
        return fakeBundle;
      });
    });
    afterAll(() => close(r));

    it('answers 503 EXPLORER_UNAVAILABLE, and tries again on the next request', async () => {
      const res = await fetch(`${r.base}/`, { headers: html });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('EXPLORER_UNAVAILABLE');
      fail = false;
      expect((await fetch(`${r.base}/`, { headers: html })).status).toBe(200);
      expect(r.bundleCalls()).toBe(2);
    });
  });
});
