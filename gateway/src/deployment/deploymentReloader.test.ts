import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile } from '@confero/directives';
import { startTestFederation, type TestFederation } from '@confero/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../auth/signDevToken.ts';
import type { QueryPlannerName } from '../engine/index.ts';
import { createLogger } from '../logger.ts';
import { startGateway, type RunningGateway } from '../startGateway.ts';

// A running gateway watching its deployment files (a federation of its own on loopback, the
// shipped policy): a changed supergraph is served with new planners, a changed policy with the
// supergraph kept, and files that fail the checks are refused while the version served stays.

const SECRETS = { jwt: 'reload-test-jwt-secret-0123456789-abcdefgh', caller: 'reload-test-caller-secret-0123456789-abcdef', hash: 'reload-test-hash-key-0123' };
const POLICY = fileURLToPath(new URL('../../../schema/policy.json', import.meta.url));

/** Writes a file as deployment tools do: a new one renamed over the old. */
function replace(path: string, text: string): void {
  writeFileSync(`${path}.next`, text);
  renameSync(`${path}.next`, path);
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within 30 s: ${what}`);
}

describe.each(['apollo', 'hive'] as const)('DeploymentReloader, through a gateway on the %s planner', (queryPlanner: QueryPlannerName) => {
  let federation: TestFederation;
  let gateway: RunningGateway;
  let dir: string;
  let token: string;
  const files = { policyPath: '', supergraphPath: '' };

  beforeAll(async () => {
    federation = await startTestFederation();
    dir = mkdtempSync(join(tmpdir(), 'confero-deployment-'));
    files.policyPath = join(dir, 'policy.json');
    files.supergraphPath = join(dir, 'supergraph.graphql');
    copyFileSync(POLICY, files.policyPath);
    writeFileSync(files.supergraphPath, federation.supergraphSdl);
    const loaded = loadPolicyFile(files.policyPath);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    token = await signDevToken({ sub: 'reload-support', role: 'SUPPORT' }, SECRETS.jwt);
    gateway = await startGateway({
      supergraphSdl: federation.supergraphSdl,
      policy: loaded.policy,
      deploymentFiles: files,
      port: 0,
      callerContextSecret: SECRETS.caller,
      auth: { jwtSecret: SECRETS.jwt },
      hashKey: SECRETS.hash,
      mongoUri: false,
      queryPlanner,
      logger: createLogger('reload-test', 'silent'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await federation?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = async (text: string) => {
    const res = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SERVICES' },
      body: JSON.stringify({ query: text }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };
  const metric = async (name: string) => (await gateway.metrics.registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;

  it('serves a changed supergraph, validated and planned by new planners, once its file changes', async () => {
    expect((await query('{ products { upc category } }')).data).toMatchObject({ products: [{ upc: 'p1', category: 'FURNITURE' }, { upc: 'p2' }, { upc: 'p3' }] });
    const before = gateway.deployment;
    const withoutCategory = federation.supergraphSdl.replace(/\n\s*category: Category @join__field\(graph: PRODUCTS\)/, '');
    expect(withoutCategory).not.toBe(federation.supergraphSdl);
    replace(files.supergraphPath, withoutCategory);
    await until(() => gateway.deployment !== before, 'the new supergraph served');
    expect(gateway.deployment.supergraph).not.toBe(before.supergraph);
    expect(gateway.deployment.policyDigest).toBe(before.policyDigest);
    expect((await query('{ products { upc category } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await query('{ products { upc name } }')).data).toEqual({ products: [{ upc: 'p1', name: 'Table' }, { upc: 'p2', name: 'Couch' }, { upc: 'p3', name: 'Glass' }] });
    expect(await metric('confero_reloads_total')).toBe(1);
  });

  it('serves a changed policy with the same supergraph (its planners and their plans kept)', async () => {
    const before = gateway.deployment;
    const document = JSON.parse(readFileSync(files.policyPath, 'utf8')) as { description: string };
    document.description += ' (reloaded)';
    replace(files.policyPath, JSON.stringify(document));
    await until(() => gateway.deployment !== before, 'the new policy served');
    expect(gateway.deployment.policyDigest).not.toBe(before.policyDigest);
    expect(gateway.deployment.supergraph).toBe(before.supergraph);
    const health = (await (await fetch(`http://127.0.0.1:${gateway.port}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', deploymentId: gateway.deployment.id, policyDigest: gateway.deployment.policyDigest, policyVersion: '2026-11-01' });
  });

  it('refuses a supergraph that does not load, and a policy that does not validate, and keeps serving the version it has', async () => {
    const serving = gateway.deployment;
    replace(files.supergraphPath, 'type Query { this is not a supergraph');
    await until(async () => (await metric('confero_reload_failures_total')) === 1, 'the supergraph refused');
    replace(files.supergraphPath, serving.supergraph.sdl);
    replace(files.policyPath, '{ "version": "2026-12-01", "roles": { "SUPPORT": { "grants": "none" } } }');
    await until(async () => (await metric('confero_reload_failures_total')) === 2, 'the policy refused');
    expect(gateway.deployment).toBe(serving);
    expect((await query('{ products { upc name } }')).data?.products).toHaveLength(3);
    // SIGHUP (the command) and callers reload on demand: the same refused files are not tried again.
    expect(await gateway.reload()).toMatchObject({ outcome: 'unchanged', deployment: serving });
  });
});
