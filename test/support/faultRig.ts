import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile, type CompiledPolicy } from '@confero/directives';
import { queryPlannerOf, signDevToken, startGateway, type GatewayOptions, type Identity, type RunningGateway } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { findFreePort, generateSeedData, seedDatabase, startDatabase, type RunningDatabase, type SeedData } from '@confero/tools';
import mongoose from 'mongoose';
import { TEST_SECRETS } from './testSystem.ts';

// Real processes and real failures for the fault tests: the embedded database (FerretDB, and
// the PostgreSQL server behind it) on a fixed port and data folder (so it can be stopped and
// started again), each subgraph as its own process
// (`subgraphs/<name>/src/main.ts`) on a fixed port, a fault proxy in front of each, and the
// gateway in this process.

export const SUBGRAPHS = ['shopper', 'opportunity', 'client'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export const FAULT_SEED = { shoppers: 30, clients: 4, opportunities: 30, assignments: 60, deliverables: 40 };

/** The embedded database, which can be stopped (FerretDB and its PostgreSQL alike) and started again on the same port and data folder. */
export class RestartableDatabase {
  private process: RunningDatabase | undefined;
  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<RestartableDatabase> {
    const db = new RestartableDatabase(mkdtempSync(join(tmpdir(), 'confero-fault-db-')), await findFreePort());
    await db.startAgain();
    return db;
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/confero?directConnection=true`; // as startFerretDb's URIs
  }

  async startAgain(): Promise<void> {
    this.process = await startDatabase({ uri: '', dataDir: this.dataDir, port: this.port });
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A subgraph running as its own process, which can be killed and started again on its port. */
export class SubgraphProcess {
  child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  output = '';

  private constructor(
    readonly name: SubgraphName,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(name: SubgraphName, mongoUri: string): Promise<SubgraphProcess> {
    const env = { MONGODB_URI: mongoUri, CALLER_CONTEXT_SECRET: TEST_SECRETS.callerContext, LOG_LEVEL: 'info' };
    const process = new SubgraphProcess(name, await findFreePort(), env);
    await process.startAgain();
    return process;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns `subgraphs/<name>/src/main.ts` and resolves once it logs `ready`. */
  async startAgain(): Promise<void> {
    const main = fileURLToPath(new URL(`../../subgraphs/${this.name}/src/main.ts`, import.meta.url));
    const child = spawn(process.execPath, ['--conditions=confero-source', '--import', 'tsx', main], { env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stderr!.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        keep(chunk);
        pending += chunk.toString();
        if (pending.includes('"msg":"ready"')) resolve();
        pending = pending.slice(-2000);
      });
      void this.exited.then((code) => reject(new Error(`${this.name} subgraph exited with ${code} before it was ready: ${this.output.slice(-2000)}`)));
    });
  }

  /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed by the signal). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (!this.alive) return null;
    this.child!.kill(signal);
    return this.exited;
  }
}

/** What a {@link FaultProxy} does with the requests it gets. */
export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'garbage'; status: number; contentType: string; body: string }
  | { kind: 'reset' };

/** An HTTP proxy in front of one subgraph that can pass, delay, garble or drop its traffic. */
export class FaultProxy {
  mode: ProxyMode = { kind: 'pass' };
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: () => string): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const mode = proxy!.mode;
        try {
          if (mode.kind === 'reset') return void req.socket.destroy();
          if (mode.kind === 'garbage') return void res.writeHead(mode.status, { 'content-type': mode.contentType }).end(mode.body);
          if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, mode.delayMs));
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => ['content-type', 'x-confero-caller', 'x-request-id'].includes(k))) as Record<string, string>;
          const upstream = await fetch(target(), { method: req.method, headers, body: Buffer.concat(chunks) });
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
        } catch {
          req.socket.destroy(); // the subgraph is down: so is the proxy, as far as the gateway can tell
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    proxy = new FaultProxy(server, `http://127.0.0.1:${address.port}/graphql`);
    return proxy;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One gateway response as the fault tests look at it. */
export interface Answer {
  /** The gateway's request id (`x-request-id` of the response); empty when no response came. */
  requestId: string;
  status: number;
  body: string;
  json: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  ms: number;
}

/** POSTs `query` to a gateway as `identity` with `purpose`; the answer carries the gateway's request id (none when the request failed); network failures come back as status 0. */
export async function ask(url: string, identity: Partial<Identity> & { role: string }, purpose: string | null, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const token = await signDevToken({ sub: identity.sub ?? `fault-${identity.role.toLowerCase()}`, ...identity }, TEST_SECRETS.jwt);
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.text();
    let json: Answer['json'] = {};
    try {
      json = JSON.parse(body) as Answer['json'];
    } catch {
      json = {};
    }
    return { requestId: res.headers.get('x-request-id') ?? '', status: res.status, body, json, ms: performance.now() - started };
  } catch (err) {
    return { requestId: '', status: 0, body: String((err as Error).cause ?? err), json: {}, ms: performance.now() - started };
  }
}

/** Runs `work` in `workers` parallel loops until `stop()` is called; collects what they return. */
export function keepBusy<T>(workers: number, work: () => Promise<T>) {
  const results: T[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) results.push(await work());
  });
  return {
    results,
    async stop(): Promise<T[]> {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

/** Polls `check` every 200 ms until it holds; resolves with the time it took, rejects after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** The request ids, among `requestIds`, that have an audit event in the store at `uri`. */
export async function auditedRequestIds(uri: string, requestIds: string[]): Promise<Set<string>> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const found = new Set<string>();
    for (let i = 0; i < requestIds.length; i += 500) {
      const docs = await connection.collection('audit_events').find({ requestId: { $in: requestIds.slice(i, i + 500) } }, { projection: { requestId: 1 } }).toArray();
      for (const d of docs) found.add(d.requestId as string);
    }
    return found;
  } finally {
    await connection.close();
  }
}

/** The whole system with every part restartable, and a fault proxy in front of each subgraph. */
export interface FaultRig {
  db: RestartableDatabase;
  /** The audit store, when it is a database of its own. */
  auditDb?: RestartableDatabase;
  subgraphs: Record<SubgraphName, SubgraphProcess>;
  proxies: Record<SubgraphName, FaultProxy>;
  gateway: RunningGateway;
  policy: CompiledPolicy;
  data: SeedData;
  url: string;
  stop(): Promise<void>;
}

/** Starts a {@link FaultRig}; `gateway` adds gateway options (e.g. `subgraphTimeoutMs`). */
export async function startFaultRig(options: { separateAuditStore?: boolean; gateway?: Partial<GatewayOptions> } = {}): Promise<FaultRig> {
  const loaded = loadPolicyFile(POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const db = await RestartableDatabase.start();
  const auditDb = options.separateAuditStore ? await RestartableDatabase.start() : undefined;
  const seedConnection = await mongoose.createConnection(db.uri).asPromise();
  await seedDatabase(seedConnection, FAULT_SEED);
  await seedConnection.close();
  const started = await Promise.all(SUBGRAPHS.map((name) => SubgraphProcess.start(name, db.uri)));
  const subgraphs = Object.fromEntries(started.map((s) => [s.name, s])) as FaultRig['subgraphs'];
  const proxies = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await FaultProxy.start(() => subgraphs[name].url)] as const))) as FaultRig['proxies'];
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(),
    port: 0,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, proxies[name].url])),
    callerContextSecret: TEST_SECRETS.callerContext,
    auth: { jwtSecret: TEST_SECRETS.jwt },
    policy: loaded.policy,
    hashKey: TEST_SECRETS.hashKey,
    mongoUri: (auditDb ?? db).uri,
    auditSubjectTypes: ['Shopper'],
    queryPlanner: queryPlannerOf(process.env.QUERY_PLANNER),
    ...options.gateway,
  });
  return {
    db,
    auditDb,
    subgraphs,
    proxies,
    gateway,
    policy: loaded.policy,
    data: generateSeedData(FAULT_SEED),
    url: `http://127.0.0.1:${gateway.port}/graphql`,
    async stop() {
      await gateway.stop().catch(() => {});
      await Promise.all(SUBGRAPHS.map((name) => subgraphs[name].kill('SIGKILL')));
      await Promise.all(SUBGRAPHS.map((name) => proxies[name].stop()));
      await db.remove();
      await auditDb?.remove();
    },
  };
}
