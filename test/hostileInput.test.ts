import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operationSha256, startGateway, type RunningGateway } from '@confero/gateway';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations, leaks } from './support/leakExpectations.ts';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';

// Hostile and malformed requests against the whole system, with the default limits: each gets
// a clear 4xx with a stable code, no stack trace and no data, and the gateway keeps serving.

const PARTNER_OPERATION = `
  # Registered for partners: names and street addresses (email and phone where consented).
  query PartnerReferrals($first: Int) { shoppers(first: $first) { nodes { id name address { street city } email phone } } }`;
const STACK_TRACE = /\bat [^\n]+:\d+:\d+|node_modules|\.ts:\d+|stacktrace/;

interface Raw {
  status: number;
  body: string;
  json: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('hostile input', () => {
  let t: TestSystem;
  let dir: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'confero-persisted-'));
    const path = join(dir, 'operations.json');
    writeFileSync(path, JSON.stringify({ operations: [{ name: 'PartnerReferrals', sha256: operationSha256(PARTNER_OPERATION), roles: ['PARTNER'], document: PARTNER_OPERATION }] }));
    t = await startTestSystem({ gateway: { persistedOperations: { path, onlyRoles: ['PARTNER'] } } });
    auth = { authorization: `Bearer ${await t.token({ role: 'SUPPORT' })}`, 'x-purpose': 'SERVICES' };
  });
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function send(init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; search?: string }): Promise<Raw> {
    const res = await fetch(`${t.url}${init.search ?? ''}`, {
      method: init.method ?? 'POST',
      headers: { ...auth, ...init.headers },
      body: init.body as BodyInit | undefined,
    });
    const body = await res.text();
    let json: Raw['json'] = {};
    try {
      json = JSON.parse(body) as Raw['json'];
    } catch {
      json = {};
    }
    return { status: res.status, body, json };
  }
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    send({ headers: { 'content-type': 'application/json', ...headers }, body: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const codes = (r: Raw) => (r.json.errors ?? []).map((e) => e.extensions?.code);

  function expectRefused(r: Raw, status: number, code: string) {
    expect({ status: r.status, codes: codes(r) }, r.body.slice(0, 300)).toEqual({ status, codes: expect.arrayContaining([code]) });
    expect(r.json.data ?? null).toBeNull();
    expect(r.body).not.toMatch(STACK_TRACE);
    expect(r.body).not.toContain(t.data.shoppers[0]!.email!);
  }

  describe('when an operation is too big', () => {
    const chain = (k: number) => `{ shoppers(first: 1) { nodes { ${'assignments(first: 1) { nodes { shopper { '.repeat(k)}id${' } } }'.repeat(k)} } } }`;
    it.each([
      ['deeper than 10 levels', chain(3), 'QUERY_TOO_DEEP'],
      ['more than 15 aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: shoppers(first: 1) { totalCount }`).join(' ')} }`, 'TOO_MANY_ALIASES'],
      ['more than 2000 tokens', `{ ${'__typename '.repeat(2100)} }`, 'TOO_MANY_TOKENS'],
      ['more than 50 directives', `{ shoppers(first: 1) { ${'__typename @include(if: true) '.repeat(51)} } }`, 'TOO_MANY_DIRECTIVES'],
      ['costlier than 100000', '{ shoppers(first: 100) { nodes { assignments(first: 100) { nodes { id status acceptedAt } } } } }', 'QUERY_TOO_COSTLY'],
    ])('refuses an operation %s with 400 and its own code, before running it', async (_name, query, code) => {
      expectRefused(await post({ query }), 400, code);
    });

    it('accepts operations within every limit', async () => {
      const r = await post({ query: chain(2) });
      expect(r.status).toBe(200);
      expect(r.json.errors).toBeUndefined();
    });
  });

  describe('when a caller explores the schema', () => {
    it('refuses introspection', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Shopper") { fields { name } } }']) {
        const r = await post({ query });
        expectRefused(r, 400, 'GRAPHQL_VALIDATION_FAILED');
        expect(r.body).toContain('introspection');
      }
    });

    it('gives no "did you mean" suggestions for mistyped fields, arguments, types or enum values', async () => {
      for (const query of ['{ shopperz { id } }', '{ shoppers(first: 1) { nodez { id } } }', '{ shoppers(firts: 1) { totalCount } }', '{ shoppers(filter: { status: ACTIV }) { totalCount } }']) {
        const r = await post({ query });
        expect(r.status, query).toBe(400);
        expect(r.body, query).not.toMatch(/did you mean/i);
      }
      const viaVariables = await post({ query: 'query ($s: ShopperStatus) { shoppers(filter: { status: $s }) { totalCount } }', variables: { s: 'ACTIV' } });
      expect(viaVariables.status).toBe(400);
      expect(viaVariables.body).not.toMatch(/did you mean/i);
    });
  });

  describe('when the HTTP request is malformed', () => {
    it.each([
      ['malformed JSON', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: '{"query": "{ shoppers { totalCount } }"' }],
      ['invalid UTF-8', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }],
      ['a text/plain body (a CSRF "simple request")', 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'content-type': 'text/plain' }, body: '{"query":"{ shoppers { totalCount } }"}' }],
      ['a form body', 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%7D' }],
      ['no content type', 415, 'UNSUPPORTED_MEDIA_TYPE', { body: '{"query":"{ shoppers { totalCount } }"}' }],
      ['a non-UTF-8 charset', 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"query":"{ __typename }"}' }],
      ['a batch (batching is off)', 400, 'BATCHING_DISABLED', { headers: { 'content-type': 'application/json' }, body: '[{"query":"{ __typename }"}]' }],
      ['a body over 1 MiB', 413, 'PAYLOAD_TOO_LARGE', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` }) }],
      ['variables over 64 KiB', 413, 'VARIABLES_TOO_LARGE', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query ($s: String) { __typename }', variables: { s: 'x'.repeat(70_000) } }) }],
      ['variables nested 100000 levels', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: `{"query":"{ __typename }","variables":{"v":${'['.repeat(1e5)}${']'.repeat(1e5)}}}` }],
      ['a JSON string body', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: '"{ __typename }"' }],
      ['an empty body', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: '' }],
      ['a query that is not a string', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: '{"query": {"kind": "Document"}}' }],
      ['variables given as a string', 400, 'BAD_REQUEST', { headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }", "variables": "{}"}' }],
      ['a PUT', 405, 'METHOD_NOT_ALLOWED', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }],
    ] as const)('answers %s with %i %s', async (_name, status, code, init) => {
      expectRefused(await send(init as Parameters<typeof send>[0]), status, code);
    });

    it('answers a syntax error, an unknown operation name and a NUL byte with 400', async () => {
      expectRefused(await post({ query: '{ shoppers { ' }), 400, 'GRAPHQL_PARSE_FAILED');
      expectRefused(await post({ query: 'query A { __typename }', operationName: 'B' }), 400, 'OPERATION_RESOLUTION_FAILURE');
      expectRefused(await post({ query: '{ __typename \u0000 }' }), 400, 'GRAPHQL_PARSE_FAILED');
    });

    it('refuses a mutation over GET, serves a query over GET, and refuses a GET without a CSRF header', async () => {
      const get = (query: string, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) =>
        send({ method: 'GET', search: `?query=${encodeURIComponent(query)}`, headers });
      const mutation = await get('mutation { __typename }');
      expect(mutation.status).toBeGreaterThanOrEqual(400);
      expect(mutation.status).toBeLessThan(500);
      expect(mutation.json.data ?? null).toBeNull();
      const query = await get('{ shoppers(first: 1) { totalCount } }');
      expect(query.status).toBe(200);
      expect((query.json.data as { shoppers: { totalCount: number } }).shoppers.totalCount).toBe(t.data.shoppers.length);
      expectRefused(await get('{ shoppers(first: 1) { totalCount } }', {}), 400, 'BAD_REQUEST');
    });

    it('refuses a cyclic fragment and a fragment bomb', async () => {
      expectRefused(await post({ query: 'query { shoppers(first: 1) { nodes { ...A } } } fragment A on Shopper { assignments { nodes { shopper { ...A } } } }' }), 400, 'GRAPHQL_VALIDATION_FAILED');
      const bomb = ['fragment F0 on Shopper { id name }', ...Array.from({ length: 12 }, (_, i) => `fragment F${i + 1} on Shopper { ...F${i} ...F${i} }`)].join('\n');
      const r = await post({ query: `{ shoppers(first: 1) { nodes { ...F12 } } }\n${bomb}` });
      expect(r.status).toBe(400);
      expect(r.body).not.toMatch(STACK_TRACE);
    });
  });

  describe('the persisted-operation allowlist', () => {
    let partner: Record<string, string>;
    beforeAll(async () => {
      partner = { authorization: `Bearer ${await t.token({ role: 'PARTNER', partnerId: 'ptn_1' })}`, 'x-purpose': 'PARTNER_REFERRAL' };
    });

    it('lets a partner run a registered operation, however it is formatted', async () => {
      const reformatted = PARTNER_OPERATION.replace(/#.*\n/, '').replace(/\s+/g, '  ').replace('{ id', '{\n id');
      for (const query of [PARTNER_OPERATION, reformatted]) {
        const r = await post({ query, variables: { first: 5 } }, partner);
        expect(r.status, r.body.slice(0, 200)).toBe(200);
        expect((r.json.data as { shoppers: { nodes: unknown[] } }).shoppers.nodes).toHaveLength(5);
        expect(leaks(r.body, expectations(t.data, t.policy, { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' }).forbidden)).toEqual([]);
      }
    });

    it('answers a partner’s unregistered operation with 403 OPERATION_NOT_ALLOWED, before fetching anything', async () => {
      for (const [query, operationName] of [
        ['{ shoppers(first: 5) { nodes { id name } } }', undefined],
        [PARTNER_OPERATION.replace('phone }', 'phone ssn }'), 'PartnerReferrals'],
        [PARTNER_OPERATION.replace('PartnerReferrals', 'Other'), 'Other'],
      ] as const) {
        expectRefused(await post({ query, operationName }, partner), 403, 'OPERATION_NOT_ALLOWED');
      }
    });

    it('leaves roles that are not restricted free to send any operation', async () => {
      const r = await post({ query: '{ shoppers(first: 2) { nodes { id email } } }' });
      expect(r.status).toBe(200);
    });
  });

  it('is still healthy and serving after all of the above', async () => {
    const health = await fetch(t.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const r = await post({ query: '{ shoppers(first: 3) { nodes { id email } } }' });
    expect(r.status).toBe(200);
    expect((r.json.data as { shoppers: { nodes: unknown[] } }).shoppers.nodes).toHaveLength(3);
  });

  describe('with batching turned on (MAX_BATCH_SIZE=3)', () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      gateway = await startGateway({
        supergraphSdl: readSupergraph(),
        port: 0,
        subgraphUrls: Object.fromEntries(Object.entries(t.system.subgraphs).map(([name, s]) => [name, s.url])),
        callerContextSecret: TEST_SECRETS.callerContext,
        auth: { jwtSecret: TEST_SECRETS.jwt },
        policy: t.policy,
        hashKey: TEST_SECRETS.hashKey,
        mongoUri: t.system.database.uri,
        limits: { maxBatchSize: 3 },
      });
    });
    afterAll(async () => gateway?.stop());

    const batch = async (size: number) => {
      const res = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: size }, (_, i) => ({ query: `{ shoppers(first: ${i + 1}) { nodes { id email ssn } } }` }))),
      });
      return { status: res.status, json: (await res.json()) as unknown };
    };

    it('runs a batch of up to 3 operations, each planned and masked on its own', async () => {
      const { status, json } = await batch(3);
      expect(status).toBe(200);
      const results = json as Array<{ data: { shoppers: { nodes: Array<{ ssn: string | null }> } } }>;
      expect(results.map((r) => r.data.shoppers.nodes.length)).toEqual([1, 2, 3]);
      for (const r of results) for (const n of r.data.shoppers.nodes) expect(n.ssn).toMatch(/^\*{4}\d{4}$/);
    });

    it('refuses a batch of 4 and an empty batch with 400 BATCH_TOO_LARGE', async () => {
      for (const size of [4, 0]) {
        const { status, json } = await batch(size);
        expect(status).toBe(400);
        expect((json as Raw['json']).errors?.[0]?.extensions?.code).toBe('BATCH_TOO_LARGE');
      }
    });
  });
});
