import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// GET /metrics after real traffic: the counters move where the events happen.

/** The value of one sample of a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v) && Object.keys(found).length === Object.keys(labels).length) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestSystem;
  let base: string;
  beforeAll(async () => {
    t = await startTestSystem();
    base = `http://127.0.0.1:${t.system.gateway.port}`;
  });
  afterAll(async () => t?.stop());

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('counts requests, latency, withheld and masked fields, audit writes, plan cache use and subgraph errors', async () => {
    const shopper = t.data.shoppers[0]!._id;
    const lookup = `query SupportLookup { shopper(id: "${shopper}") { id email ssn gender raceEthnicity } }`;
    const before = await scrape();
    const withheldBefore = sample(before, 'confero_privacy_fields_withheld_total', { role: 'SUPPORT', purpose: 'SERVICES', category: 'PROTECTED_CLASSIFICATIONS' }) ?? 0;

    for (let i = 0; i < 3; i++) {
      const { status, json } = await t.query({ role: 'SUPPORT' }, 'SERVICES', lookup);
      expect(status).toBe(200);
      expect(json.data?.shopper?.gender).toBeNull();
    }
    expect((await t.query(null, 'SERVICES', lookup)).status).toBe(401);
    const tooMany = await t.query({ role: 'LEGAL' }, 'LEGAL_COMPLIANCE', 'query TooMany { shoppers(first: 1000) { totalCount } }');
    expect(tooMany.json.errors?.length).toBeGreaterThan(0);

    // A request is counted when its response has closed: give the last one a moment.
    let text = await scrape();
    for (let i = 0; i < 20 && sample(text, 'confero_gateway_requests_total', { operation: 'TooMany', status: '200' }) === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await scrape();
    }
    expect(sample(text, 'confero_gateway_requests_total', { operation: 'SupportLookup', status: '200' })).toBe(3);
    expect(sample(text, 'confero_gateway_requests_total', { operation: 'none', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'confero_gateway_request_duration_seconds_count', { operation: 'SupportLookup' })).toBe(3);
    expect(sample(text, 'confero_gateway_request_duration_seconds_bucket', { operation: 'SupportLookup', le: '+Inf' })).toBe(3);

    // gender and raceEthnicity are withheld from SUPPORT (protected classifications), per request.
    expect(sample(text, 'confero_privacy_fields_withheld_total', { role: 'SUPPORT', purpose: 'SERVICES', category: 'PROTECTED_CLASSIFICATIONS' })).toBe(withheldBefore + 6);
    // ssn is sensitive: masked partially for SUPPORT.
    expect(sample(text, 'confero_privacy_fields_masked_total', { role: 'SUPPORT', purpose: 'SERVICES', category: 'IDENTIFIERS' })).toBeGreaterThanOrEqual(3);

    expect(sample(text, 'confero_audit_write_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'confero_audit_write_failures_total')).toBe(0);

    expect(sample(text, 'confero_privacy_plan_cache_misses_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'confero_privacy_plan_cache_hits_total')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'confero_privacy_plan_cache_entries')).toBeGreaterThanOrEqual(1);

    const code = String(tooMany.json.errors?.[0]?.extensions?.code);
    expect(sample(text, 'confero_gateway_subgraph_errors_total', { subgraph: 'shopper', code })).toBeGreaterThanOrEqual(1);
  });

  it("keeps its metrics in the gateway's own registry, not prom-client's global one", async () => {
    expect(await globalRegistry.getSingleMetricAsString('confero_gateway_requests_total').catch(() => undefined)).toBeUndefined();
    expect(t.system.gateway.metrics.registry).not.toBe(globalRegistry);
  });
});
