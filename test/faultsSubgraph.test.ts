import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedRequestIds, ask, eventually, keepBusy, startFaultRig, type Answer, type FaultRig } from './support/faultRig.ts';
import { expectations, leaks } from './support/leakExpectations.ts';

// A subgraph down, slow, or answering garbage, under concurrent requests: the gateway returns
// the data it could get with an error for the rest, stays up, leaks nothing, loses no audit
// event, and recovers by itself when the subgraph is back.

const SUPPORT = { role: 'SUPPORT', sub: 'fault-support' };
const PURPOSE = 'SERVICES';
const MIXED = `query Mixed($id: ID!) {
  opportunities(first: 3) { nodes { id title client { id name } } }
  shopper(id: $id) { id email phone }
}`;
const NESTED = '{ deliverables(first: 3) { nodes { id verificationStatus shopper { id email } } } }';
const SHOPPERS_ONLY = '{ shoppers(first: 3) { nodes { id email } } }';
const NO_PII = '{ opportunities(first: 5) { totalCount nodes { id title } } }';
const STACK_TRACE = /\bat [^\n]+:\d+:\d+|node_modules|stacktrace|ECONNREFUSED|127\.0\.0\.1/;

const codes = (a: Answer) => (a.json.errors ?? []).map((e) => e.extensions?.code);

describe('subgraph faults', () => {
  let rig: FaultRig;
  let shopperId: string;
  beforeAll(async () => {
    rig = await startFaultRig({ gateway: { subgraphTimeoutMs: 3000 } }); // generous: the CI machine may be busy
    shopperId = rig.data.shoppers[0]!._id;
  });
  afterAll(async () => rig?.stop());

  const mixed = () => ask(rig.url, SUPPORT, PURPOSE, MIXED, { id: shopperId });
  const healthy = async () => {
    const a = await mixed();
    return a.status === 200 && !a.json.errors && a.json.data?.shopper?.email === rig.data.shoppers[0]!.email;
  };
  const healthStatus = async () => (await fetch(rig.url.replace('/graphql', '/health'))).status;

  /** Checks what every response of a fault window must satisfy; returns the PII responses that left. */
  function checkAll(answers: Answer[], allowedCodes: string[]): Answer[] {
    const forbidden = expectations(rig.data, rig.policy, { role: SUPPORT.role, purpose: PURPOSE }).forbidden;
    for (const a of answers) {
      expect([200, 502, 504], a.body.slice(0, 300)).toContain(a.status);
      expect(codes(a).filter((c) => !allowedCodes.includes(c!)), a.body.slice(0, 300)).toEqual([]);
      expect(a.body).not.toMatch(STACK_TRACE);
      expect(leaks(a.body, forbidden)).toEqual([]);
    }
    return answers.filter((a) => a.status === 200 && /"email":"[^"]+@/.test(a.body));
  }

  it('serves the other subgraphs’ data while the shopper subgraph process is down, and recovers once it is back', async () => {
    expect(await healthy()).toBe(true);
    const load = keepBusy(4, () => [mixed, () => ask(rig.url, SUPPORT, PURPOSE, NESTED), () => ask(rig.url, SUPPORT, PURPOSE, NO_PII)][Math.floor(Math.random() * 3)]!());
    await new Promise((r) => setTimeout(r, 500));
    await rig.subgraphs.shopper.kill('SIGKILL');

    const partial = await mixed();
    expect(partial.status).toBe(200);
    expect(partial.json.data?.opportunities.nodes).toHaveLength(3);
    expect(partial.json.data?.shopper).toBeNull();
    expect(codes(partial)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(partial.json.errors?.[0]?.message).toContain('shopper');
    const nested = await ask(rig.url, SUPPORT, PURPOSE, NESTED);
    expect(nested.status).toBe(200);
    expect(nested.json.data?.deliverables.nodes.map((n: { shopper: { id: string; email: unknown } }) => n.shopper.email)).toEqual([null, null, null]);
    const none = await ask(rig.url, SUPPORT, PURPOSE, SHOPPERS_ONLY);
    expect({ status: none.status, codes: codes(none), data: none.json.data ?? null }).toEqual({ status: 502, codes: ['SUBGRAPH_UNAVAILABLE'], data: null });
    expect(await healthStatus()).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));

    await rig.subgraphs.shopper.startAgain();
    const recoveredIn = await eventually(healthy, 10_000, 'the gateway recovers');
    await new Promise((r) => setTimeout(r, 300));
    const answers = await load.stop();

    expect(recoveredIn).toBeLessThan(5000);
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.some((a) => codes(a).includes('SUBGRAPH_UNAVAILABLE'))).toBe(true);
    const withPii = checkAll(answers, ['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT']);
    expect(withPii.length).toBeGreaterThan(0);
    const audited = await auditedRequestIds(rig.db.uri, withPii.map((a) => a.requestId));
    expect(withPii.filter((a) => !audited.has(a.requestId)).map((a) => a.requestId)).toEqual([]);
  });

  it('times a slow subgraph out after SUBGRAPH_TIMEOUT_MS without holding up other requests, and recovers when it is fast again', async () => {
    rig.proxies.shopper.mode = { kind: 'slow', delayMs: 10_000 };
    try {
      const [slow, noPii, none] = await Promise.all([mixed(), ask(rig.url, SUPPORT, PURPOSE, NO_PII), ask(rig.url, SUPPORT, PURPOSE, SHOPPERS_ONLY)]);
      expect(slow.status).toBe(200);
      expect(slow.ms).toBeLessThan(8000); // cut at ~3 s, long before the subgraph's 10 s
      expect(slow.json.data?.opportunities.nodes).toHaveLength(3);
      expect(slow.json.data?.shopper).toBeNull();
      expect(codes(slow)).toEqual(['SUBGRAPH_TIMEOUT']);
      expect(noPii.status).toBe(200);
      expect(noPii.ms).toBeLessThan(8000);
      expect({ status: none.status, codes: codes(none) }).toEqual({ status: 504, codes: ['SUBGRAPH_TIMEOUT'] });
      const burst = await Promise.all(Array.from({ length: 12 }, () => mixed()));
      expect(burst.every((a) => a.status === 200 && a.ms < 9000 && codes(a).join() === 'SUBGRAPH_TIMEOUT')).toBe(true);
      checkAll([slow, noPii, none, ...burst], ['SUBGRAPH_TIMEOUT']);
    } finally {
      rig.proxies.shopper.mode = { kind: 'pass' };
    }
    expect(await healthy()).toBe(true);
  });

  describe('when a subgraph answers garbage', () => {
    const SECRET = 'SECRET-GARBAGE-7f3a';
    it.each([
      ['HTML with 200', 200, 'text/html', `<html><body>${SECRET}</body></html>`, 'SUBGRAPH_BAD_RESPONSE'],
      ['truncated JSON', 200, 'application/json', `{"data":{"shopper":{"id":"${SECRET}`, 'SUBGRAPH_BAD_RESPONSE'],
      ['a JSON string', 200, 'application/json', `"${SECRET}"`, 'SUBGRAPH_BAD_RESPONSE'],
      ['a 500 with an error page', 500, 'text/plain', `Internal error ${SECRET} at /srv/app.js:12:7`, 'SUBGRAPH_UNAVAILABLE'],
      ['a 503 with JSON errors', 503, 'application/json', `{"errors":[{"message":"${SECRET}"}]}`, 'SUBGRAPH_UNAVAILABLE'],
      ['errors with a stack trace and a URL', 200, 'application/json', `{"errors":[{"message":"${SECRET} mongodb://10.0.0.1:27017","extensions":{"code":"INTERNAL_SERVER_ERROR","stacktrace":["Error: ${SECRET}","    at x (/srv/a.js:1:1)"]}}]}`, 'DOWNSTREAM_SERVICE_ERROR'], // Apollo's code, masked message
      ['data of the wrong type', 200, 'application/json', `{"data":{"shopper":{"id":["${SECRET}"],"email":{"x":"${SECRET}"},"phone":42}}}`, undefined], // Apollo Gateway nulls the value (extensions.valueCompletion)
      ['data that is not an object', 200, 'application/json', `{"data":42}`, undefined],
    ] as const)('keeps %s to that subgraph’s fields, leaks none of it, and recovers', async (_name, status, contentType, body, code) => {
      rig.proxies.shopper.mode = { kind: 'garbage', status, contentType, body };
      try {
        const answers = await Promise.all([mixed(), mixed(), ask(rig.url, SUPPORT, PURPOSE, NESTED)]);
        for (const a of answers) {
          expect(a.body).not.toContain(SECRET);
          expect(a.body).not.toMatch(STACK_TRACE);
          expect([200, 502]).toContain(a.status);
        }
        const [first] = answers;
        expect(first!.status).toBe(200);
        expect(first!.json.data?.opportunities.nodes).toHaveLength(3);
        expect(first!.json.data?.shopper?.email ?? null).toBeNull();
        if (code) expect(codes(first!), first!.body).toContain(code);
      } finally {
        rig.proxies.shopper.mode = { kind: 'pass' };
      }
      expect(await healthy()).toBe(true);
    });
  });

  it('treats a subgraph that drops connections as unavailable, and recovers', async () => {
    rig.proxies.opportunity.mode = { kind: 'reset' };
    try {
      const a = await ask(rig.url, SUPPORT, PURPOSE, `query ($id: ID!) { shopper(id: $id) { id email } opportunity(id: "x") { id } }`, { id: shopperId });
      expect(a.status).toBe(200);
      expect(a.json.data?.shopper?.email).toBe(rig.data.shoppers[0]!.email);
      expect(a.json.data?.opportunity).toBeNull();
      expect(codes(a)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    } finally {
      rig.proxies.opportunity.mode = { kind: 'pass' };
    }
    expect(await healthy()).toBe(true);
  });
});
