import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { INVARIANTS_PATH, SUPERGRAPH_PATH } from '@confero/schema';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, eventually, keepBusy, type Answer } from './support/faultRig.ts';
import { policyBreakingGuardRail, policyVariants, reloadQuery, reloadShoppers, replaceFile, versionsShownBy, type PolicyVariant } from './support/policyVariants.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// Hot reload under load: the policy file is rewritten twice while 50 requests are always in
// flight, and the gateway and the subgraphs reload it at different moments, in both orders
// of a rollout: the gateway first (the subgraphs get requests decided under a version they do
// not hold yet, and read the file again), then the subgraphs first (they get requests decided
// under the version they just left). Every response must still be decided by exactly one
// version throughout, gateway and subgraph alike, and its audit event must name that version.
// (The reloads are asked for here, so that their order is the test's; file watching is tested
// by `test/scaleOut.test.ts` and `gateway/src/deployment/deploymentReloader.test.ts`.)

const SUPPORT = { role: 'SUPPORT', sub: 'reload-support' };
const WORKERS = 50;
const PER_VERSION = 100; // responses seen under a version before the file is written again

describe('hot reload of the policy', () => {
  let t: TestSystem;
  let dir: string;
  let policyPath: string;
  let variants: PolicyVariant[];
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'confero-reload-'));
    policyPath = join(dir, 'policy.json');
    variants = policyVariants();
    writeFileSync(policyPath, variants[0]!.text);
    const supergraphPath = join(dir, 'supergraph.graphql');
    copyFileSync(SUPERGRAPH_PATH, supergraphPath);
    copyFileSync(INVARIANTS_PATH, join(dir, 'invariants.json')); // a deployment keeps its invariants beside its policy
    const logs = new Writable({ write: (chunk, _encoding, done) => (logLines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    t = await startTestSystem({ deploymentFiles: { policyPath, supergraphPath }, gateway: { watchDeploymentFiles: false }, logger: pino({ level: 'info' }, logs) });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const metric = async (name: string) => (await t.system.gateway.metrics.registry.getSingleMetric(name)!.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('changes the policy twice under 50 concurrent requests: none fails, each is decided by one version throughout, and its audit event names it', { timeout: 600_000 }, async () => {
    const shoppers = reloadShoppers(t.data);
    const query = reloadQuery(shoppers);
    const seen = new Map<string, number>();
    let unclear = 0;
    const load = keepBusy(WORKERS, async () => {
      const answer = await ask(t.url, SUPPORT, 'SERVICES', query);
      const shown = versionsShownBy(answer.json as Parameters<typeof versionsShownBy>[0], shoppers, variants);
      if (shown.length === 1) seen.set(shown[0]!, (seen.get(shown[0]!) ?? 0) + 1);
      else unclear += 1;
      return { answer, shown };
    });
    const deploymentIds = new Map<string, string>();
    const responsesUnder = (name: string, count: number) =>
      eventually(
        async () => {
          if (unclear > 0) return true; // reported below, with the responses
          return (seen.get(name) ?? 0) >= count;
        },
        120_000,
        `${count} responses under ${name}`,
      );
    const [v0, v1, v2] = variants as [PolicyVariant, PolicyVariant, PolicyVariant];
    try {
      deploymentIds.set(v0.name, t.system.gateway.deployment.id);
      await responsesUnder(v0.name, PER_VERSION);
      // The gateway first: the subgraphs still hold only v0 when requests decided under v1 arrive.
      replaceFile(policyPath, v1.text);
      expect((await t.system.gateway.reload()).outcome).toBe('reloaded');
      deploymentIds.set(v1.name, t.system.gateway.deployment.id);
      await responsesUnder(v1.name, PER_VERSION);
      await t.system.policies.reload();
      // The subgraphs first: requests decided under v1 keep arriving after they moved to v2.
      replaceFile(policyPath, v2.text);
      expect((await t.system.policies.reload()).outcome).toBe('reloaded');
      await responsesUnder(v1.name, 2 * PER_VERSION);
      expect((await t.system.gateway.reload()).outcome).toBe('reloaded');
      deploymentIds.set(v2.name, t.system.gateway.deployment.id);
      await responsesUnder(v2.name, PER_VERSION);
    } catch (err) {
      if (unclear === 0) throw err;
    } finally {
      await load.stop();
    }
    const results = load.results;
    const failed = results.filter((r) => r.answer.status !== 200 || r.answer.json.errors !== undefined);
    expect(failed.map((r) => `${r.answer.status} ${r.answer.body.slice(0, 300)}`)).toEqual([]);
    const mixed = results.filter((r) => r.shown.length !== 1);
    expect(mixed.slice(0, 3).map((r) => r.answer.body.slice(0, 1500)), `${mixed.length} responses decided by no single version`).toEqual([]);
    expect(new Set(results.map((r) => r.shown[0]))).toEqual(new Set(variants.map((v) => v.name)));
    expect(seen.get(v1.name)).toBeGreaterThanOrEqual(2 * PER_VERSION);
    expect(await metric('confero_reloads_total')).toBe(2);
    expect(await metric('confero_reload_failures_total')).toBe(0);

    // One audit event per response, naming the version its body shows.
    const byName = new Map(variants.map((v) => [v.name, v]));
    const connection = await mongoose.createConnection(t.system.database.uri).asPromise();
    try {
      const events = await connection.collection('audit_events').find({ subject: SUPPORT.sub }).toArray();
      const byRequest = new Map<string, typeof events>();
      for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
      const wrong = results.flatMap(({ answer, shown }: { answer: Answer; shown: string[] }) => {
        const variant = byName.get(shown[0]!)!;
        const found = byRequest.get(answer.requestId) ?? [];
        const event = found[0];
        const ok =
          found.length === 1 &&
          event!.policyDigest === variant.digest &&
          event!.deploymentId === deploymentIds.get(variant.name) &&
          event!.policyVersion === '2026-11-01' &&
          JSON.stringify(event!.fields) === JSON.stringify(variant.auditedFields);
        return ok ? [] : [{ requestId: answer.requestId, shows: variant.name, events: found.map((e) => ({ policyDigest: e.policyDigest, deploymentId: e.deploymentId, fields: e.fields })) }];
      });
      expect(wrong).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('refuses a version that breaks a guard rail against the schema, with a log line and a metric, and keeps serving the one it had', async () => {
    const current = variants[2]!;
    const before = t.system.gateway.deployment;
    replaceFile(policyPath, policyBreakingGuardRail(current));
    const reloaded = await t.system.gateway.reload();
    expect(reloaded).toMatchObject({ outcome: 'refused', errors: [expect.stringMatching(/guard rail/)] });
    expect(await metric('confero_reload_failures_total')).toBe(1);
    expect(t.system.gateway.deployment).toBe(before);
    const refused = logLines.map((l) => JSON.parse(l) as { msg: string; errors?: string[]; serving?: string }).find((l) => l.msg.includes('deployment reload refused'));
    expect(refused?.serving).toBe(before.id);
    expect(refused?.errors?.join('\n')).toMatch(/guard rail/);
    const health = (await (await fetch(t.url.replace('/graphql', '/health'))).json()) as { policyDigest: string; deploymentId: string };
    expect(health).toMatchObject({ policyDigest: current.digest, deploymentId: before.id });
    // Served as before, under the version the gateway kept (the subgraphs still hold it).
    const shoppers = reloadShoppers(t.data);
    const answer = await ask(t.url, SUPPORT, 'SERVICES', reloadQuery(shoppers));
    expect(answer.status).toBe(200);
    expect(versionsShownBy(answer.json as Parameters<typeof versionsShownBy>[0], shoppers, variants)).toEqual([current.name]);
  });
});
