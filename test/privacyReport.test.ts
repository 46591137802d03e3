import { createLogger, startGateway, type RunningGateway } from '@confero/gateway';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, auditedRequestIds } from './support/faultRig.ts';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';

// Where the privacy report goes (PRIVACY_REPORT): extensions.privacy (the default), GraphOS
// Router-style UNAUTHORIZED_FIELD_OR_TYPE errors at the withheld paths, or nowhere — the data
// the caller gets is the same in every mode. Two more gateways serve the same subgraphs.

const SUPPORT = { role: 'SUPPORT', sub: 'report-support' };
const QUERY = '{ shoppers(first: 2) { nodes { id email gender ssn } } }';

describe('the privacy report setting', () => {
  let t: TestSystem;
  const gateways: Partial<Record<'errors' | 'off', RunningGateway>> = {};

  beforeAll(async () => {
    t = await startTestSystem();
    for (const privacyReport of ['errors', 'off'] as const) {
      gateways[privacyReport] = await startGateway({
        supergraphSdl: readSupergraph(),
        port: 0,
        subgraphUrls: Object.fromEntries(Object.entries(t.system.subgraphs).map(([name, s]) => [name, s.url])),
        callerContextSecret: TEST_SECRETS.callerContext,
        auth: { jwtSecret: TEST_SECRETS.jwt },
        policy: t.policy,
        hashKey: TEST_SECRETS.hashKey,
        mongoUri: t.system.database.uri,
        privacyReport,
        logger: createLogger('report-test', 'silent'),
      });
    }
  });
  afterAll(async () => {
    for (const g of Object.values(gateways)) await g?.stop();
    await t?.stop();
  });

  const urlOf = (g: RunningGateway) => `http://127.0.0.1:${g.port}/graphql`;

  it('puts it in extensions.privacy by default', async () => {
    const a = await ask(t.url, SUPPORT, 'SERVICES', QUERY);
    const json = a.json as { extensions?: { privacy?: { withheld: Array<{ path: unknown[]; coordinate: string }>; masked: Array<{ coordinate: string }> } } };
    expect(a.status).toBe(200);
    expect(a.json.errors).toBeUndefined();
    expect(json.extensions?.privacy?.withheld.map((w) => w.path)).toEqual([['shoppers', 'nodes', 0, 'gender'], ['shoppers', 'nodes', 1, 'gender']]);
    expect(json.extensions?.privacy?.masked.map((m) => m.coordinate)).toEqual(['Shopper.ssn', 'Shopper.ssn']);
  });

  it('gives one UNAUTHORIZED_FIELD_OR_TYPE error per withheld path with PRIVACY_REPORT=errors, as GraphOS Router does, and the same data', async () => {
    const [reference, routerStyle] = await Promise.all([ask(t.url, SUPPORT, 'SERVICES', QUERY), ask(urlOf(gateways.errors!), SUPPORT, 'SERVICES', QUERY)]);
    expect(routerStyle.status).toBe(200);
    expect(routerStyle.json.data).toEqual(reference.json.data);
    expect(routerStyle.json.errors).toEqual([
      { message: 'Unauthorized field or type', path: ['shoppers', 'nodes', 0, 'gender'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
      { message: 'Unauthorized field or type', path: ['shoppers', 'nodes', 1, 'gender'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
    ]);
    expect((routerStyle.json as { extensions?: unknown }).extensions).toBeUndefined();
  });

  it('reports nothing with PRIVACY_REPORT=off, and still audits the response', async () => {
    const [reference, silent] = await Promise.all([ask(t.url, SUPPORT, 'SERVICES', QUERY), ask(urlOf(gateways.off!), SUPPORT, 'SERVICES', QUERY)]);
    expect(silent.status).toBe(200);
    expect(silent.json.data).toEqual(reference.json.data);
    expect(silent.json.errors).toBeUndefined();
    expect((silent.json as { extensions?: unknown }).extensions).toBeUndefined();
    expect(await auditedRequestIds(t.system.database.uri, [silent.requestId])).toEqual(new Set([silent.requestId]));
  });
});
