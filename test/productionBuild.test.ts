import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDatabase, startDatabase, type RunningDatabase } from '@confero/testing';
import { findFreePort } from '@confero/tools';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from './support/faultRig.ts';
import { gatewayProcessEnv } from './support/gatewayProcessEnv.ts';
import { descendantsOf, isRunning } from './support/processTree.ts';
import { ROOT, spawnProcess } from './support/spawnTs.ts';
import { TEST_SECRETS } from './support/testSystem.ts';

// The production build: `npm run build` compiles every package to JavaScript (dist/), and the
// gateway (`npm run gateway`) and the subgraphs' processes run from it with plain `node` — no
// TypeScript loader — while SIGTERM to `npm run gateway` reaches the gateway itself.

const PACKAGES = ['directives', 'schema', 'gateway', 'explorer', 'subgraphs/common', 'subgraphs/shopper', 'subgraphs/opportunity', 'subgraphs/client', 'tools', 'testing'];
const SUBGRAPHS = ['shopper', 'opportunity', 'client'] as const;

describe('the production build', () => {
  let db: RunningDatabase;
  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, timeout: 300_000 });
    if (build.status !== 0) throw new Error(`npm run build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    db = await startDatabase();
    const connection = await mongoose.createConnection(db.uri).asPromise();
    await seedDatabase(connection, { shoppers: 5, clients: 2, opportunities: 4, assignments: 4, deliverables: 2 });
    await connection.close();
  }, 360_000);
  afterAll(async () => db?.stop());

  it('compiles every package to JavaScript in its dist/, with relative imports rewritten to .js', () => {
    for (const dir of PACKAGES) {
      const json = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
      for (const target of Object.values(json.exports)) expect(existsSync(join(ROOT, dir, target.default)), `${dir}: ${target.default}`).toBe(true);
      const files = readdirSync(join(ROOT, dir, 'dist'), { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
      expect(files.some((f) => f.endsWith('.test.js')), `${dir}: tests are not built`).toBe(false);
      const tsImports = files.filter((f) => /from\s+['"]\.{1,2}\/[^'"]+\.ts['"]/.test(readFileSync(join(ROOT, dir, 'dist', f), 'utf8')));
      expect(tsImports, dir).toEqual([]);
    }
    // Plain node resolves the packages to their build; the source is for the `confero-source` condition.
    const resolve = (...flags: string[]) =>
      spawnSync(process.execPath, [...flags, '--input-type=module', '-e', "process.stdout.write(import.meta.resolve('@confero/gateway'))"], { cwd: join(ROOT, 'tools'), encoding: 'utf8' }).stdout;
    expect(resolve()).toMatch(/\/gateway\/dist\/index\.js$/);
    expect(resolve('--conditions=confero-source')).toMatch(/\/gateway\/src\/index\.ts$/);
  });

  it('runs the subgraphs and the gateway from the build with node, and SIGTERM to `npm run gateway` stops the gateway', { timeout: 180_000 }, async () => {
    const secret = 'build-test-caller-context-secret-0123456789';
    const subgraphs = SUBGRAPHS.map((name) => {
      const env = { ...process.env, NODE_ENV: 'production', MONGODB_URI: db.uri, PORT: '0', CALLER_CONTEXT_SECRET: secret, PII_HASH_KEY: TEST_SECRETS.hashKey, LOG_LEVEL: 'info' };
      const main = spawnProcess(process.execPath, [join(ROOT, 'subgraphs', name, 'dist', 'main.js')], env, '"msg":"ready"', name);
      return { name, main };
    });
    let npm: ReturnType<typeof spawnProcess> | undefined;
    try {
      await Promise.all(subgraphs.map((s) => s.main.ready));
      const urls = Object.fromEntries(subgraphs.map(({ name, main }) => [name, (JSON.parse(main.output().split('\n').find((l) => l.includes('"msg":"ready"'))!) as { url: string }).url])) as Record<(typeof SUBGRAPHS)[number], string>;
      const port = await findFreePort();
      const env = gatewayProcessEnv({ port, mongoUri: db.uri, subgraphUrls: urls, extra: { CALLER_CONTEXT_SECRET: secret, LOG_LEVEL: 'warn', NODE_ENV: 'production' } });
      npm = spawnProcess('npm', ['run', 'gateway'], env, 'gateway ready at');
      await npm.ready;

      // npm's one child is node on the build (the script execs it): no shell, no TypeScript loader.
      const tree = [...descendantsOf(npm.child.pid!), ...subgraphs.flatMap((s) => [{ pid: s.main.child.pid!, command: String(s.main.child.spawnargs.join(' ')) }])];
      const gateway = tree.find((p) => p.command.includes('gateway/dist/cli/main.js'));
      expect(gateway, JSON.stringify(tree)).toBeDefined();
      expect(descendantsOf(npm.child.pid!)).toEqual([gateway]);
      expect(tree.filter((p) => /\btsx\b/.test(p.command))).toEqual([]);

      const url = `http://127.0.0.1:${port}/graphql`;
      const answer = await ask(url, { role: 'SUPPORT' }, 'SERVICES', '{ shoppers(first: 2) { nodes { id email } } opportunities(first: 1) { nodes { id } } }');
      expect(answer.status, answer.body).toBe(200);
      expect(answer.json.data?.shoppers.nodes.map((s: { email: string }) => s.email)).toEqual([expect.stringContaining('@'), expect.stringContaining('@')]);
      expect(answer.json.data?.opportunities.nodes).toHaveLength(1);

      npm.child.kill('SIGTERM');
      expect(await npm.exited).toBe(0);
      expect(isRunning(gateway!.pid)).toBe(false);
      expect(await fetch(url).then(() => 'answered', () => 'closed')).toBe('closed');
      for (const s of subgraphs) s.main.child.kill('SIGTERM');
      expect(await Promise.all(subgraphs.map((s) => s.main.exited))).toEqual([0, 0, 0]);
    } finally {
      for (const p of npm ? descendantsOf(npm.child.pid!) : []) process.kill(p.pid, 'SIGKILL');
      if (npm?.child.exitCode === null) npm.child.kill('SIGKILL');
      for (const s of subgraphs) if (s.main.child.exitCode === null) s.main.child.kill('SIGKILL');
    }
  });
});
