// The subgraphs' process entries (`subgraphs/*/src/main.ts`, through `runSubgraphMain` of
// `@confero/subgraph-common`), each started as its own process over a real database.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signCallerContext } from '@confero/directives';
import { callSubgraph, seedDatabase, startDatabase, type RunningDatabase } from '@confero/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'process-test-caller-context-secret-0123456789';

/** Spawns a subgraph's `src/main.ts`; resolves with its URL once it logs `ready`. */
function spawnMain(name: string, env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; exited: Promise<number | null> } {
  const main = fileURLToPath(new URL(`../subgraphs/${name}/src/main.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=confero-source', '--import', 'tsx', main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (line.includes('"msg":"ready"')) resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before it was ready: ${out}`)));
  });
  ready.catch(() => {}); // awaited by the tests that need it; not every test does
  return { child, ready, exited };
}

describe('runSubgraphMain', () => {
  let db: RunningDatabase;
  beforeAll(async () => {
    db = await startDatabase();
    const connection = await mongoose.createConnection(db.uri).asPromise();
    await seedDatabase(connection, { shoppers: 5, clients: 2, opportunities: 4, assignments: 4, deliverables: 2 });
    await connection.close();
  });
  afterAll(async () => db?.stop());

  it.each([
    ['shopper', '{ shoppers { totalCount } }', { shoppers: { totalCount: 5 } }],
    ['opportunity', '{ opportunities { totalCount } }', { opportunities: { totalCount: 4 } }],
    ['client', '{ clients { totalCount } }', { clients: { totalCount: 2 } }],
  ])('runs the %s subgraph as a process that serves requests and stops cleanly on SIGTERM', async (name, query, expected) => {
    const { child, ready, exited } = spawnMain(name, {
      MONGODB_URI: db.uri,
      PORT: '0',
      CALLER_CONTEXT_SECRET: SECRET,
      LOG_LEVEL: 'info',
    });
    try {
      const url = await ready;
      const token = await signCallerContext({ sub: 'ops', role: 'OPERATIONS', purpose: null, requestId: 'p1' }, { secret: new TextEncoder().encode(SECRET) });
      const { json } = await callSubgraph(url, query, {}, { callerContext: token });
      expect(json).toEqual({ data: expected });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with 2 and names the problem when the configuration is bad', async () => {
    const { exited, child } = spawnMain('client', { MONGODB_URI: '', CALLER_CONTEXT_SECRET: '' });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exited).toBe(2);
    expect(err).toContain('MONGODB_URI is required');
  });
});
