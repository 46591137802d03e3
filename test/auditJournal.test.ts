import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '@confero/directives';
import { findFreePort, piiValuesOf } from '@confero/tools';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask as askGateway, auditedRequestIds, RestartableDatabase } from './support/faultRig.ts';
import { leaks } from './support/leakExpectations.ts';
import { gatewayProcessEnv } from './support/gatewayProcessEnv.ts';
import { spawnTs } from './support/spawnTs.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The gateway with a local audit journal (AUDIT_JOURNAL_DIR; AUDIT_JOURNAL_FSYNC on, the
// default): a PII response waits for its event to be appended to the journal and synced, not
// for the audit store; the journal is shipped to the store behind it. While the store fails,
// PII is withheld (fail closed), and no event accepted before is lost.

const SUPPORT = { role: 'SUPPORT', sub: 'support-journal' };
const PII = `query Contacts { shoppers(first: 20) { nodes { id name email phone ssn } } }`;
const NON_PII = `query NoPii { shoppers(first: 5) { totalCount nodes { id policyVersion } } }`;

async function eventually<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the audit trail with a journal', () => {
  let auditStore: RestartableDatabase;
  let t: TestSystem;
  let connection: mongoose.Connection;
  const seededPii = () => piiValuesOf(t.data).filter((v) => v.distinctive);
  const ask = (query: string) => t.query(SUPPORT, 'SERVICES', query);
  const storedOf = async (requestIds: string[]) =>
    (await connection.collection<AuditRecord>('audit_events').find({ requestId: { $in: requestIds } }, { projection: { requestId: 1 } }).toArray()).map((e) => e.requestId);

  beforeAll(async () => {
    auditStore = await RestartableDatabase.start();
    t = await startTestSystem({ auditMongoUri: auditStore.uri, gateway: { auditJournalDir: mkdtempSync(join(tmpdir(), 'confero-journal-')) } });
    connection = await mongoose.createConnection(auditStore.uri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' }).asPromise();
  }, 60_000);
  afterAll(async () => {
    await connection?.close().catch(() => {});
    await t?.stop();
    await auditStore?.remove();
  });

  it('serves PII responses at once and stores the event of every one shortly after', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => ask(PII)));
    for (const a of answers) expect(a.status, a.body).toBe(200);
    const ids = answers.map((a) => a.requestId);
    await eventually(async () => ((await storedOf(ids)).length === ids.length ? true : undefined), 10_000, 'all 30 events stored');
    expect((await storedOf(ids)).sort()).toEqual([...ids].sort());
    // The journal syncs by default (AUDIT_JOURNAL_FSYNC): each response waited for the fsync of its batch.
    const metrics = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
    const fsyncs = Number(/^confero_audit_journal_fsyncs_total (\d+)$/m.exec(metrics)?.[1]);
    expect(fsyncs).toBeGreaterThanOrEqual(1);
    expect(fsyncs).toBeLessThanOrEqual(30);
  });

  it('withholds PII once the store is seen to fail, keeps serving non-PII, and stores every accepted event when the store is back', async () => {
    await connection.close();
    await auditStore.stop();
    const accepted: string[] = [];
    // Responses before the failure is seen are journaled; then the gateway fails closed.
    const refused = await eventually(
      async () => {
        const res = await ask(PII);
        if (res.status === 200) accepted.push(res.requestId);
        return res.status === 200 ? undefined : res;
      },
      30_000,
      'a PII query refused',
    );
    expect(refused.status).toBe(503);
    expect(refused.json.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect(leaks(refused.body, seededPii())).toEqual([]);
    const plain = await ask(NON_PII);
    expect(plain.status).toBe(200);
    expect(plain.json.data!.shoppers.nodes).toHaveLength(5);

    await auditStore.startAgain();
    const back = await eventually(async () => {
      const res = await ask(PII);
      return res.status === 200 ? res : undefined;
    }, 30_000, 'PII served again');
    connection = await mongoose.createConnection(auditStore.uri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' }).asPromise();
    const expected = [...accepted, back.requestId];
    await eventually(async () => ((await storedOf(expected)).length === expected.length ? true : undefined), 10_000, 'every accepted event stored');
    expect((await storedOf(expected)).sort()).toEqual(expected.sort());
    expect(await storedOf([refused.requestId])).toEqual([]);
  }, 90_000);

  it('ships, when a gateway process killed with events not yet stored starts again, every event its journal kept', async () => {
    const journalDir = mkdtempSync(join(tmpdir(), 'confero-journal-kill-'));
    const port = await findFreePort();
    const env = gatewayProcessEnv({
      port,
      mongoUri: auditStore.uri,
      subgraphUrls: { shopper: t.system.subgraphs.shopper.url, opportunity: t.system.subgraphs.opportunity.url, client: t.system.subgraphs.client.url },
      extra: { AUDIT_JOURNAL_DIR: journalDir },
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    const first = spawnTs('gateway/src/cli/main.ts', env, 'gateway ready at');
    let second: ReturnType<typeof spawnTs> | undefined;
    try {
      await first.ready;
      await connection.close();
      await auditStore.stop();
      // Accepted while the failure is not yet seen: journaled, not stored.
      const accepted: string[] = [];
      const started = Date.now();
      while (Date.now() - started < 1500) {
        const res = await askGateway(url, SUPPORT, 'SERVICES', PII);
        if (res.status === 200) accepted.push(res.requestId);
      }
      expect(accepted.length).toBeGreaterThan(0);
      first.child.kill('SIGKILL');
      await first.exited;
      const journaled = readdirSync(journalDir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(journalDir, f), 'utf8')).join('');
      for (const id of accepted) expect(journaled).toContain(id);

      await auditStore.startAgain();
      expect((await auditedRequestIds(auditStore.uri, accepted)).size).toBe(0); // nothing reached the store before the kill
      second = spawnTs('gateway/src/cli/main.ts', env, 'gateway ready at');
      await second.ready;
      await eventually(async () => ((await auditedRequestIds(auditStore.uri, accepted)).size === accepted.length ? true : undefined), 20_000, 'the journaled events stored');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(readdirSync(journalDir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(journalDir, f), 'utf8')).join('')).toBe('');
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
      if (second && second.child.exitCode === null) second.child.kill('SIGKILL');
    }
  }, 120_000);
});
