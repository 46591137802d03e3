/**
 * `npm run load`: a sustained, mixed load on the gateway — a mix of roles, purposes (and none)
 * and operations, each caller with its own signed token — reporting throughput, latency
 * percentiles, errors and non-2xx answers, and the gateway's memory at start, after the
 * warm-up, during the run and at the end.
 *
 *   npm run load -- [--duration 60] [--warmup 10] [--connections 8] [--seed small|default]
 *                   [--url http://host:4000/graphql] [--out bench/results/load.json]
 *
 * Without `--url` it starts the whole system in this process (embedded database, seeded, the
 * three subgraphs, the gateway with auditing on), so the memory figures are this process's
 * (`process.memoryUsage()`: gateway, subgraphs and drivers together). With `--url` it drives a
 * running gateway (tokens signed with JWT_SECRET, else the development secret) and reads its
 * memory from `/metrics` when that route is there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadPolicyFile } from '@confero/directives';
import { createLogger, DEV_SECRETS, signDevToken, type Identity } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { DEFAULT_SEED_SIZES, generateSeedData, startSystem, type RunningSystem, type SeedData, type SeedOptions } from '@confero/tools';

const SMALL_SEED: SeedOptions = { shoppers: 200, clients: 6, opportunities: 120, assignments: 500, deliverables: 300 };

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    seed: { type: 'string', default: 'small' },
    url: { type: 'string' },
    out: { type: 'string' },
  },
});
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
if (![duration, warmup, connections].every((n) => Number.isFinite(n) && n >= 0) || duration === 0 || connections === 0) {
  process.stderr.write('load: --duration, --warmup and --connections must be positive numbers\n');
  process.exit(2);
}
const seed: SeedOptions = args.seed === 'default' ? { ...DEFAULT_SEED_SIZES } : SMALL_SEED;

/** One request shape of the mix. */
interface Call {
  name: string;
  identity: Identity;
  purpose: string | null;
  query: string;
  variables?: Record<string, unknown>;
  /** How many times it appears in the mix. */
  weight: number;
}

function mixFor(data: SeedData): Call[] {
  const client = data.clients[0]!._id;
  const shopper = data.assignments.find((a) => a.clientId === client)!.shopperId;
  const someShopper = (i: number) => data.shoppers[i % data.shoppers.length]!._id;
  return [
    { name: 'support shopper card', identity: { sub: 'load-support', role: 'SUPPORT' }, purpose: 'SERVICES', weight: 4,
      query: 'query ShopperCard($id: ID!) { shopper(id: $id) { id name email phone ssn bankAccount { accountNumber } address { street city region } } }', variables: { id: someShopper(3) } },
    { name: 'support list, no purpose (all PII withheld)', identity: { sub: 'load-support', role: 'SUPPORT' }, purpose: null, weight: 1,
      query: '{ shoppers(first: 10) { totalCount nodes { id status email phone } } }' },
    { name: 'client dashboard', identity: { sub: 'load-client', role: 'CLIENT', clientId: client }, purpose: 'CLIENT_REPORTING', weight: 4,
      query: `query Dashboard($clientId: ID!) { deliverables(first: 10, filter: { clientId: $clientId }) { totalCount nodes { id submittedAt verificationStatus receipt { amount currency } recordings { kind url } shopper { id name email } opportunity { id title } } } }`, variables: { clientId: client } },
    { name: 'partner referrals', identity: { sub: 'load-partner', role: 'PARTNER', partnerId: 'ptn_1' }, purpose: 'PARTNER_REFERRAL', weight: 2,
      query: 'query PartnerReferrals { shoppers(first: 10) { nodes { id name address { street city } email phone ssn } } }' },
    { name: 'operations matching', identity: { sub: 'load-ops', role: 'OPERATIONS' }, purpose: 'OPPORTUNITY_MATCHING', weight: 2,
      query: '{ opportunities(first: 10) { totalCount nodes { id title fee client { id name } assignments(first: 3) { nodes { id status shopper { id rating homeLocation { lat lng } } } } } } }' },
    { name: 'shopper self-service', identity: { sub: shopper, role: 'SHOPPER', shopperId: shopper }, purpose: 'SERVICES', weight: 2,
      query: `query Me($id: ID!) { shopper(id: $id) { id name email ssn dateOfBirth assignments(first: 5) { nodes { id status opportunity { id title } } } } }`, variables: { id: shopper } },
    { name: 'security analyst', identity: { sub: 'load-security', role: 'SECURITY_ANALYST' }, purpose: 'SECURITY', weight: 1,
      query: 'query Activity($id: ID!) { shopper(id: $id) { id ipAddresses webActivity { at ipAddress domain } email } }', variables: { id: someShopper(7) } },
    { name: 'research (aggregate, masked)', identity: { sub: 'load-research', role: 'RESEARCH' }, purpose: 'INTERNAL_RESEARCH', weight: 1,
      query: '{ shoppers(first: 20) { nodes { id dateOfBirth gender rating address { city region } } } }' },
    { name: 'finance', identity: { sub: 'load-finance', role: 'FINANCE' }, purpose: 'RECORD_KEEPING', weight: 1,
      query: 'query Pay($id: ID!) { shopper(id: $id) { id name bankAccount { bankName accountNumber } taxId } }', variables: { id: someShopper(11) } },
    { name: 'non-PII catalogue', identity: { sub: 'load-ops', role: 'OPERATIONS' }, purpose: 'VERIFICATION', weight: 2,
      query: '{ clients(first: 5) { nodes { id name industry } } opportunities(first: 5) { nodes { id title status } } }' },
  ];
}

interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function memoryOf(system: RunningSystem | undefined, url: string): Promise<Memory | undefined> {
  if (system) {
    const m = process.memoryUsage();
    return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed) };
  }
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/metrics'));
    if (!res.ok) return undefined;
    const text = await res.text();
    const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
    const rss = metric('process_resident_memory_bytes');
    const heap = metric('nodejs_heap_size_used_bytes');
    return Number.isNaN(rss) ? undefined : { rssMb: mb(rss), heapUsedMb: mb(heap) };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  let system: RunningSystem | undefined;
  let dataDir: string | undefined;
  let url = args.url;
  let data: SeedData;
  let jwtSecret = process.env.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET;
  if (!url) {
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    dataDir = process.env.MONGODB_URI ? undefined : mkdtempSync(join(tmpdir(), 'confero-load-'));
    process.stdout.write(`load: starting the system (seed ${JSON.stringify(seed)})…\n`);
    jwtSecret = 'load-jwt-secret-0123456789-0123456789-abcdef';
    system = await startSystem({
      mongoUri: process.env.MONGODB_URI,
      dataDir,
      gatewayPort: 0,
      subgraphPorts: { shopper: 0, opportunity: 0, client: 0 },
      seed,
      callerContextSecret: 'load-caller-context-secret-0123456789-abcdef',
      policy: loaded.policy,
      gateway: { supergraphSdl: readSupergraph(), auth: { jwtSecret }, hashKey: 'load-pii-hash-key-0123456789' },
      logger: createLogger('load', process.env.LOG_LEVEL ?? 'error'),
    });
    url = `http://127.0.0.1:${system.gateway.port}/graphql`;
  }
  data = generateSeedData(seed);
  const calls = mixFor(data);
  const requests = [];
  for (const call of calls) {
    const token = await signDevToken(call.identity, jwtSecret);
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(call.purpose ? { 'x-purpose': call.purpose } : {}) };
    const body = JSON.stringify({ query: call.query, variables: call.variables });
    // Preflight: every call of the mix must work before it is measured (and how long it takes alone).
    const began = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`load: the call "${call.name}" fails before any load: HTTP ${res.status} ${text.slice(0, 300)}`);
    process.stdout.write(`  ${call.name.padEnd(46)} ${call.identity.role}/${call.purpose ?? '(none)'}: ${Math.round(performance.now() - began)} ms alone\n`);
    for (let i = 0; i < call.weight; i += 1) requests.push({ method: 'POST', headers, body });
  }
  // A fixed interleaving, so each connection cycles through every caller and operation.
  const mix = shuffle(requests, 7);
  let graphqlErrors = 0;
  const withCheck = mix.map((r) => ({ ...r, onResponse: (status: number, body: string) => void (status === 200 && body.includes('"errors":') && (graphqlErrors += 1)) }));

  const memory: Record<string, Memory | undefined> = { start: await memoryOf(system, url) };
  if (warmup > 0) {
    process.stdout.write(`load: warm-up ${warmup} s…\n`);
    await autocannon({ url, connections, duration: warmup, timeout: 30, requests: withCheck });
  }
  memory.afterWarmup = await memoryOf(system, url);
  graphqlErrors = 0;
  const samples: Array<{ atS: number } & Memory> = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    void memoryOf(system, url!).then((m) => m && samples.push({ atS: Math.round((Date.now() - started) / 1000), ...m }));
  }, 10_000);
  process.stdout.write(`load: ${duration} s, ${connections} connections, ${calls.length} calls (${mix.length} in the cycle)…\n`);
  const result = await autocannon({ url, connections, duration, timeout: 30, requests: withCheck });
  clearInterval(sampler);
  memory.end = await memoryOf(system, url);

  const report = {
    at: new Date().toISOString(),
    target: args.url ? url : 'in-process system (startSystem)',
    seed: args.url ? 'remote' : seed,
    durationS: result.duration,
    connections,
    mix: calls.map((c) => ({ name: c.name, role: c.identity.role, purpose: c.purpose, weight: c.weight })),
    requests: result.requests.total,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: Math.round(result.latency.mean * 10) / 10 },
    errors: { socket: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, graphqlErrors },
    memoryMb: memory,
    memorySamples: samples,
  };
  process.stdout.write(`${render(report)}\n`);
  if (args.out) {
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`load: wrote ${args.out}\n`);
  }
  await system?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

function render(r: { requests: number; durationS: number; requestsPerSecond: number; latencyMs: Record<string, number>; errors: Record<string, number>; memoryMb: Record<string, Memory | undefined>; memorySamples: Array<{ atS: number } & Memory> }): string {
  const mem = (m: Memory | undefined) => (m ? `rss ${m.rssMb} MB, heap ${m.heapUsedMb} MB` : 'n/a');
  const lines = [
    '',
    `  requests      ${r.requests} in ${r.durationS} s — ${r.requestsPerSecond} req/s`,
    `  latency (ms)  p50 ${r.latencyMs.p50}  p90 ${r.latencyMs.p90}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}  mean ${r.latencyMs.mean}`,
    `  errors        socket ${r.errors.socket}, timeouts ${r.errors.timeouts}, non-2xx ${r.errors.non2xx}, GraphQL errors in 2xx ${r.errors.graphqlErrors}`,
    `  memory        start: ${mem(r.memoryMb.start)}`,
    `                after warm-up: ${mem(r.memoryMb.afterWarmup)}`,
    `                end: ${mem(r.memoryMb.end)}`,
  ];
  if (r.memorySamples.length > 0) lines.push(`  rss over time ${r.memorySamples.map((s) => `${s.atS}s:${s.rssMb}`).join('  ')}`);
  return lines.join('\n');
}

/** A deterministic shuffle (mulberry32). */
function shuffle<T>(items: T[], seedValue: number): T[] {
  let state = seedValue >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

await main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
