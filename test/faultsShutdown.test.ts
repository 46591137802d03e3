import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SECRETS, signDevToken } from '@confero/gateway';
import { findFreePort, startDatabase } from '@confero/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, auditedRequestIds, eventually, FaultProxy, type Answer } from './support/faultRig.ts';
import { gatewayProcessEnv } from './support/gatewayProcessEnv.ts';
import { descendantsOf, isRunning } from './support/processTree.ts';
import { spawnProcess, spawnTs } from './support/spawnTs.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// SIGTERM, for the gateway process and for `npm start` (through npm, as an operator runs it):
// requests in flight finish, their audit events are written, new requests are refused, the
// process exits 0, and nothing it started is left running.

const SUPPORT = { role: 'SUPPORT', sub: 'shutdown-support' };

describe('graceful shutdown', () => {
  describe('of the gateway process', () => {
    let t: TestSystem;
    let slowShopper: FaultProxy;
    beforeAll(async () => {
      t = await startTestSystem();
      slowShopper = await FaultProxy.start(() => t.system.subgraphs.shopper.url);
    });
    afterAll(async () => {
      await slowShopper?.stop();
      await t?.stop();
    });

    it('finishes the requests in flight on SIGTERM, writes their audit events, refuses new ones, and exits 0', async () => {
      const port = await findFreePort();
      const env = gatewayProcessEnv({
        port,
        mongoUri: t.system.database.uri,
        subgraphUrls: { shopper: slowShopper.url, opportunity: t.system.subgraphs.opportunity.url, client: t.system.subgraphs.client.url },
        extra: { SHUTDOWN_GRACE_MS: '10000' },
      });
      const gateway = spawnTs('gateway/src/cli/main.ts', env, 'gateway ready at');
      try {
        await gateway.ready;
        const url = `http://127.0.0.1:${port}/graphql`;
        expect((await ask(url, SUPPORT, 'SERVICES', '{ shoppers(first: 2) { nodes { id email } } }')).status).toBe(200);

        slowShopper.mode = { kind: 'slow', delayMs: 1500 };
        const inFlight = Array.from({ length: 12 }, () => ask(url, SUPPORT, 'SERVICES', '{ shoppers(first: 3) { nodes { id email } } }'));
        await new Promise((r) => setTimeout(r, 400));
        gateway.child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 150));
        const late = await ask(url, SUPPORT, 'SERVICES', '{ shoppers(first: 1) { nodes { id } } }');
        const answers = await Promise.all(inFlight);

        expect(late.status === 0 || late.status === 503, `late request: ${late.status} ${late.body.slice(0, 200)}`).toBe(true);
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
        for (const a of answers) expect(a.json.data?.shoppers.nodes.map((n: { email: string }) => n.email)).toEqual(t.data.shoppers.slice(0, 3).map((s) => s.email));
        expect(await gateway.exited).toBe(0);
        const audited = await auditedRequestIds(t.system.database.uri, answers.map((a) => a.requestId));
        expect(answers.filter((a) => !audited.has(a.requestId)).map((a) => a.requestId)).toEqual([]);
      } finally {
        slowShopper.mode = { kind: 'pass' };
        if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
      }
    });
  });

  describe('of `npm start`', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'confero-npm-start-'));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('finishes the requests in flight on SIGTERM to npm, flushes their audit events, stops every part (database processes included), leaves no process behind, and exits 0', async () => {
      const [port, shopper, opportunity, client] = await Promise.all([findFreePort(), findFreePort(), findFreePort(), findFreePort()]);
      const env: Record<string, string | undefined> = {
        ...process.env,
        MONGODB_URI: undefined,
        NODE_ENV: 'development',
        PORT: String(port),
        SHOPPER_PORT: String(shopper),
        OPPORTUNITY_PORT: String(opportunity),
        CLIENT_PORT: String(client),
        DATA_DIR: dataDir,
        // The default seed is large and this machine may be busy: generous limits, so only the shutdown is tested.
        SUBGRAPH_TIMEOUT_MS: '60000',
        SHUTDOWN_GRACE_MS: '60000',
        LOG_LEVEL: 'warn',
      };
      const system = spawnProcess('npm', ['start'], env, 'Ctrl-C stops everything');
      let answers: Answer[] = [];
      let database: Array<{ pid: number; command: string }> = [];
      let started: Array<{ pid: number; command: string }> = [];
      try {
        await system.ready;
        const url = `http://127.0.0.1:${port}/graphql`;
        const token = await signDevToken({ sub: 'legal-1', role: 'LEGAL' }, DEV_SECRETS.JWT_SECRET); // npm start's development secrets
        const heavy = async (): Promise<Answer> => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'LEGAL_COMPLIANCE' },
            body: JSON.stringify({ query: '{ shoppers(first: 20) { nodes { id name email ssn address { street } } } }' }),
          });
          const body = await res.text();
          return { requestId: res.headers.get('x-request-id') ?? '', status: res.status, body, json: {}, ms: 0 };
        };
        expect((await heavy()).status).toBe(200);
        const inFlight = Array.from({ length: 6 }, () => heavy());
        await new Promise((r) => setTimeout(r, 300));
        // The database's processes: FerretDB and, on PostgreSQL, the postmaster and its backends.
        started = descendantsOf(system.child.pid!);
        database = started.filter((p) => /ferretdb|postgres/.test(p.command));
        expect(database.some((p) => p.command.includes('ferretdb'))).toBe(true);
        // npm's child is the system itself (the script execs node): npm passes SIGTERM on to it.
        expect(started.some((p) => p.command.includes('tools/src/cli/start.ts'))).toBe(true);
        system.child.kill('SIGTERM');
        answers = await Promise.all(inFlight);
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
        expect(await system.exited).toBe(0);
        expect(system.output()).toContain('confero: stopped.');
        expect(database.filter((p) => isRunning(p.pid))).toEqual([]);
        // (esbuild's service, for the explorer's bundle, ends when its parent's pipe closes, a moment after.)
        await eventually(async () => started.every((p) => !isRunning(p.pid)), 10_000, `no process left behind: ${JSON.stringify(started.filter((p) => isRunning(p.pid)))}`);
        expect(await fetch(url).then(() => 'answered', () => 'closed')).toBe('closed');
      } finally {
        if (system.child.exitCode === null) system.child.kill('SIGKILL');
        for (const p of started) if (isRunning(p.pid)) process.kill(p.pid, 'SIGKILL'); // what a failed stop left
      }
      const db = await startDatabase({ uri: '', dataDir });
      try {
        const audited = await auditedRequestIds(db.uri, answers.map((a) => a.requestId));
        expect(answers.filter((a) => !audited.has(a.requestId)).map((a) => a.requestId)).toEqual([]);
      } finally {
        await db.stop();
      }
    }, 240_000); // npm start seeds the default data set first
  });
});
