import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPERGRAPH_PATH } from '@confero/schema';
import { findFreePort } from '@confero/tools';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, eventually, keepBusy, type Answer } from './support/faultRig.ts';
import { gatewayProcessEnv } from './support/gatewayProcessEnv.ts';
import { policyVariants, reloadQuery, reloadShoppers, replaceFile, versionsShownBy, type PolicyVariant } from './support/policyVariants.ts';
import { spawnTs } from './support/spawnTs.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// Scale out: three gateway processes (stateless: nothing shared but the files they serve,
// the subgraphs and the audit store) on one database and one audit store, driven together
// while the policy file changes. Two watch the file, each with an audit journal of its own;
// the third watches nothing, writes straight to the store, and is told by SIGHUP. Every
// response carries one audit event (no more, no fewer), every process ends up serving the
// new version, and no response is decided by two versions.

const SUPPORT = { role: 'SUPPORT', sub: 'scale-out-support' };
const PER_GATEWAY = 40; // responses seen from each gateway under a version before moving on

describe('three gateway processes', () => {
  let t: TestSystem;
  let dir: string;
  let policyPath: string;
  let variants: PolicyVariant[];
  const gateways: Array<{ url: string; health: string; process: ReturnType<typeof spawnTs> }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'confero-scale-'));
    policyPath = join(dir, 'policy.json');
    const supergraphPath = join(dir, 'supergraph.graphql');
    variants = policyVariants();
    writeFileSync(policyPath, variants[0]!.text);
    copyFileSync(SUPERGRAPH_PATH, supergraphPath);
    // The subgraphs (and a gateway of its own, not driven here) watch the same policy file.
    t = await startTestSystem({ deploymentFiles: { policyPath, supergraphPath } });
    const { shopper, opportunity, client } = t.system.subgraphs;
    const starting = [0, 1, 2].map(async (i) => {
      const port = await findFreePort();
      const env = gatewayProcessEnv({
        port,
        mongoUri: t.system.database.uri,
        subgraphUrls: { shopper: shopper.url, opportunity: opportunity.url, client: client.url },
        extra: {
          POLICY_PATH: policyPath,
          SUPERGRAPH_PATH: supergraphPath,
          ...(i < 2 ? { AUDIT_JOURNAL_DIR: join(dir, `journal-${i}`) } : { WATCH_DEPLOYMENT_FILES: 'off' }),
        },
      });
      const process = spawnTs('gateway/src/cli/main.ts', env, 'gateway ready at');
      gateways[i] = { url: `http://127.0.0.1:${port}/graphql`, health: `http://127.0.0.1:${port}/health`, process };
      await process.ready;
    });
    await Promise.all(starting);
  }, 240_000);
  afterAll(async () => {
    for (const g of gateways) {
      if (g?.process.child.exitCode === null) {
        g.process.child.kill('SIGTERM');
        await g.process.exited;
      }
    }
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const healthOf = async (url: string) => (await (await fetch(url)).json()) as { status: string; policyVersion: string; policyDigest: string; deploymentId: string };

  it('serve one database and audit store together: every response audited once, each process on the new policy, none decided by two versions', { timeout: 600_000 }, async () => {
    const shoppers = reloadShoppers(t.data);
    const query = reloadQuery(shoppers);
    const [v0, v1] = variants as [PolicyVariant, PolicyVariant];
    const seen = gateways.map(() => new Map<string, number>());
    let unclear = 0;
    let next = 0;
    const load = keepBusy(30, async () => {
      const g = next++ % gateways.length;
      const answer = await ask(gateways[g]!.url, SUPPORT, 'SERVICES', query);
      const shown = versionsShownBy(answer.json as Parameters<typeof versionsShownBy>[0], shoppers, variants);
      if (shown.length === 1) seen[g]!.set(shown[0]!, (seen[g]!.get(shown[0]!) ?? 0) + 1);
      else unclear += 1;
      return { answer, shown, gateway: g };
    });
    const everyGateway = (name: string) =>
      eventually(async () => unclear > 0 || seen.every((s) => (s.get(name) ?? 0) >= PER_GATEWAY), 120_000, `${PER_GATEWAY} responses from each gateway under ${name}`);
    try {
      await everyGateway(v0.name);
      replaceFile(policyPath, v1.text);
      gateways[2]!.process.child.kill('SIGHUP'); // the one that does not watch
      await eventually(async () => (await Promise.all(gateways.map((g) => healthOf(g.health)))).every((h) => h.policyDigest === v1.digest), 120_000, 'every gateway serving v1');
      await everyGateway(v1.name);
    } catch (err) {
      if (unclear === 0) throw err;
    } finally {
      await load.stop();
    }
    const results = load.results;
    expect(results.filter((r) => r.answer.status !== 200 || r.answer.json.errors).map((r) => `${r.answer.status} ${r.answer.body.slice(0, 300)}`)).toEqual([]);
    expect(results.filter((r) => r.shown.length !== 1).slice(0, 3).map((r) => r.answer.body.slice(0, 1500))).toEqual([]);

    // Each process reports the new version, and the same deployment id (the same files).
    const health = await Promise.all(gateways.map((g) => healthOf(g.health)));
    expect(health.map((h) => h.policyDigest)).toEqual([v1.digest, v1.digest, v1.digest]);
    expect(new Set(health.map((h) => h.deploymentId)).size).toBe(1);
    expect(health.map((h) => h.policyVersion)).toEqual(['2026-11-01', '2026-11-01', '2026-11-01']);

    // Every response's event lands in the store once (the journals ship theirs within ~100 ms).
    const byName = new Map(variants.map((v) => [v.name, v]));
    const connection = await mongoose.createConnection(t.system.database.uri).asPromise();
    try {
      const counts = async () => {
        const events = await connection.collection('audit_events').find({ subject: SUPPORT.sub }, { projection: { requestId: 1, policyDigest: 1 } }).toArray();
        const byRequest = new Map<string, string[]>();
        for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e.policyDigest]);
        return { events: events.length, byRequest };
      };
      await eventually(async () => (await counts()).events >= results.length, 60_000, 'every event shipped to the store');
      const { events, byRequest } = await counts();
      expect(events).toBe(results.length);
      const wrong = results.filter(({ answer, shown }: { answer: Answer; shown: string[] }) => {
        const digests = byRequest.get(answer.requestId) ?? [];
        return digests.length !== 1 || digests[0] !== byName.get(shown[0]!)!.digest;
      });
      expect(wrong.map((r) => ({ gateway: r.gateway, requestId: r.answer.requestId, events: byRequest.get(r.answer.requestId) }))).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
