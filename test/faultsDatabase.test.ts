import { CALLER_CONTEXT_HEADER, loadPolicyFile, signCallerContext } from '@confero/directives';
import { createLogger } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { startSystem, type RunningSystem } from '@confero/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, auditedRequestIds, eventually, FAULT_SEED, keepBusy, RestartableDatabase, startFaultRig, type Answer, type FaultRig } from './support/faultRig.ts';
import { expectations, leaks } from './support/leakExpectations.ts';
import { TEST_SECRETS } from './support/testSystem.ts';

// The database (FerretDB, stopped and started again on the same port and data folder) and the
// audit store failing under concurrent requests: the subgraphs answer with errors, never
// crash, and reconnect by themselves; personal data is withheld while it cannot be audited;
// no audit event of a response that left is lost.

const SUPPORT = { role: 'SUPPORT', sub: 'fault-support' };
const PURPOSE = 'SERVICES';
const PII = '{ shoppers(first: 4) { nodes { id email phone } } }';
const NO_PII = '{ opportunities(first: 4) { totalCount nodes { id title } } }';
const STACK_TRACE = /\bat [^\n]+:\d+:\d+|node_modules|stacktrace|ECONNREFUSED|127\.0\.0\.1|mongodb:/;

const codes = (a: Answer) => (a.json.errors ?? []).map((e) => e.extensions?.code);
const returnedEmails = (a: Answer) => a.status === 200 && /"email":"[^"]+@/.test(a.body);

function checkAnswers(rig: { data: FaultRig['data']; policy: FaultRig['policy'] }, answers: Answer[], allowed: string[]) {
  const forbidden = expectations(rig.data, rig.policy, { role: SUPPORT.role, purpose: PURPOSE }).forbidden;
  for (const a of answers) {
    expect(a.status, a.body.slice(0, 300)).not.toBe(0);
    expect(a.status, a.body.slice(0, 300)).toBeLessThan(600);
    expect(a.status, a.body.slice(0, 300)).not.toBe(500);
    expect(codes(a).filter((c) => !allowed.includes(c!)), a.body.slice(0, 300)).toEqual([]);
    expect(a.body).not.toMatch(STACK_TRACE);
    expect(leaks(a.body, forbidden)).toEqual([]);
    if (codes(a).includes('AUDIT_UNAVAILABLE')) expect(a.body).not.toMatch(/"email":"[^"]+@/); // fail closed
  }
}

describe('database faults', () => {
  describe('when the database stops and starts again', () => {
    let rig: FaultRig;
    beforeAll(async () => {
      rig = await startFaultRig({ gateway: { subgraphTimeoutMs: 3000 } });
    });
    afterAll(async () => rig?.stop());

    it('answers with errors while it is down (no subgraph crashes), and recovers by itself when it is back', async () => {
      let last: Answer | undefined;
      const healthy = async () => {
        const a = (last = await ask(rig.url, SUPPORT, PURPOSE, PII));
        return a.status === 200 && !a.json.errors && returnedEmails(a);
      };
      expect(await healthy()).toBe(true);
      const load = keepBusy(4, () => ask(rig.url, SUPPORT, PURPOSE, Math.random() < 0.6 ? PII : NO_PII));
      await new Promise((r) => setTimeout(r, 800));
      await rig.db.stop();

      await new Promise((r) => setTimeout(r, 300));
      const down = await Promise.all([ask(rig.url, SUPPORT, PURPOSE, PII), ask(rig.url, SUPPORT, PURPOSE, NO_PII)]);
      for (const a of down) {
        expect(a.json.data ?? null).toBeNull();
        expect(codes(a).every((c) => c === 'DATABASE_UNAVAILABLE' || c === 'SUBGRAPH_TIMEOUT'), a.body).toBe(true);
        expect([503, 504]).toContain(a.status);
      }
      // Asked directly, a subgraph answers with an error of its own (within its 5 s server selection), and lives on.
      const callerContext = await signCallerContext({ sub: 'fault-ops', role: 'OPERATIONS', purpose: null, requestId: 'db-down' }, { secret: new TextEncoder().encode(TEST_SECRETS.callerContext) });
      const direct = await fetch(rig.subgraphs.opportunity.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_CONTEXT_HEADER]: callerContext },
        body: JSON.stringify({ query: '{ opportunities(first: 2) { totalCount } }' }),
      });
      const directBody = await direct.text();
      expect((JSON.parse(directBody) as Answer['json']).errors?.map((e) => e.extensions?.code), directBody).toEqual(['DATABASE_UNAVAILABLE']);
      expect(directBody).not.toMatch(STACK_TRACE);
      for (const s of Object.values(rig.subgraphs)) expect(s.alive, `${s.name}: ${s.output.slice(-500)}`).toBe(true);
      expect((await fetch(rig.url.replace('/graphql', '/health'))).status).toBe(200);

      await rig.db.startAgain();
      const recoveredIn = await eventually(healthy, 30_000, 'subgraphs and audit recover').catch((err: Error) => {
        throw new Error(`${err.message}; last answer: ${last?.status} ${last?.body.slice(0, 400)}; shopper log: ${rig.subgraphs.shopper.output.slice(-3000)}`);
      });
      await new Promise((r) => setTimeout(r, 500));
      const answers = await load.stop();

      expect(recoveredIn).toBeLessThan(10_000);
      expect(answers.length).toBeGreaterThan(20);
      checkAnswers(rig, answers, ['DATABASE_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'AUDIT_UNAVAILABLE']);
      expect(answers.some((a) => a.status !== 200)).toBe(true);
      for (const s of Object.values(rig.subgraphs)) expect(s.alive).toBe(true);
      const accepted = answers.filter(returnedEmails);
      expect(accepted.length).toBeGreaterThan(5);
      const audited = await auditedRequestIds(rig.db.uri, accepted.map((a) => a.requestId));
      expect(accepted.filter((a) => !audited.has(a.requestId)).map((a) => a.requestId)).toEqual([]);
    });
  });

  describe('when the audit store is unavailable', () => {
    let rig: FaultRig;
    beforeAll(async () => {
      rig = await startFaultRig({ separateAuditStore: true });
    });
    afterAll(async () => rig?.stop());

    it('withholds personal data (503 AUDIT_UNAVAILABLE) while non-PII queries keep working, and loses no audit event', async () => {
      const load = keepBusy(4, () => ask(rig.url, SUPPORT, PURPOSE, Math.random() < 0.5 ? PII : NO_PII));
      await new Promise((r) => setTimeout(r, 800));
      await rig.auditDb!.stop();
      await new Promise((r) => setTimeout(r, 300));

      const [pii, noPii] = await Promise.all([ask(rig.url, SUPPORT, PURPOSE, PII), ask(rig.url, SUPPORT, PURPOSE, NO_PII)]);
      expect({ status: pii.status, codes: codes(pii), data: pii.json.data ?? null }).toEqual({ status: 503, codes: ['AUDIT_UNAVAILABLE'], data: null });
      expect(pii.body).not.toContain(rig.data.shoppers[0]!.email!);
      expect(noPii.status).toBe(200);
      expect(noPii.json.data?.opportunities.totalCount).toBe(FAULT_SEED.opportunities);
      await new Promise((r) => setTimeout(r, 1500));

      await rig.auditDb!.startAgain();
      await eventually(async () => returnedEmails(await ask(rig.url, SUPPORT, PURPOSE, PII)), 20_000, 'PII flows again once audited');
      const answers = await load.stop();

      checkAnswers(rig, answers, ['AUDIT_UNAVAILABLE']);
      expect(answers.filter((a) => codes(a).includes('AUDIT_UNAVAILABLE')).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.body.includes('"opportunities"')).every((a) => a.status === 200)).toBe(true);
      const accepted = answers.filter(returnedEmails);
      const audited = await auditedRequestIds(rig.auditDb!.uri, accepted.map((a) => a.requestId));
      expect(accepted.filter((a) => !audited.has(a.requestId)).map((a) => a.requestId)).toEqual([]);
    });
  });

  describe('when the subgraphs run in one process with the gateway (npm start)', () => {
    let db: RestartableDatabase;
    let system: RunningSystem;
    beforeAll(async () => {
      db = await RestartableDatabase.start();
      const policy = loadPolicyFile(POLICY_PATH);
      if ('errors' in policy) throw new Error(policy.errors.join('\n'));
      system = await startSystem({
        mongoUri: db.uri,
        gatewayPort: 0,
        subgraphPorts: { shopper: 0, opportunity: 0, client: 0 },
        seed: FAULT_SEED,
        callerContextSecret: TEST_SECRETS.callerContext,
        policy: policy.policy,
        gateway: { supergraphSdl: readSupergraph(), auth: { jwtSecret: TEST_SECRETS.jwt }, hashKey: TEST_SECRETS.hashKey, subgraphTimeoutMs: 3000 },
        logger: createLogger('test', 'silent'),
      });
    });
    afterAll(async () => {
      await system?.stop();
      await db?.remove();
    });

    it('survives the database restarting and recovers by itself', async () => {
      const url = `http://127.0.0.1:${system.gateway.port}/graphql`;
      expect((await ask(url, SUPPORT, PURPOSE, PII)).status).toBe(200);
      await db.stop();
      const down = await ask(url, SUPPORT, PURPOSE, NO_PII);
      expect([503, 504]).toContain(down.status);
      expect(down.body).not.toMatch(STACK_TRACE);
      await db.startAgain();
      await eventually(async () => returnedEmails(await ask(url, SUPPORT, PURPOSE, PII)), 20_000, 'the in-process system recovers');
    });
  });
});
