/**
 * `npm run bench:live`: what a user feels. The whole system as `npm start` runs it (the
 * embedded database unless MONGODB_URI, the default seed, audit on, development secrets) in a
 * child process; here, a closed loop of 1 and of 8 connections per operation, each request as
 * the user of that screen sends it. Reports p50/p95 latency and requests per second per
 * operation and concurrency (medians over rounds, with their ranges), the database commands
 * each request causes (counted from the driver, with sequential requests: exact), and the
 * database's CPU per request.
 *
 * `--variants` runs several systems side by side, each with its own environment, e.g.
 * `before:FERRETDB_BACKEND=sqlite,QUERY_SHAPE=batched;after:` — measured in the same rounds, in
 * an order rotated per round, so that their ratios are taken under the same load of a shared
 * machine (the report gives the median of the per-round ratios to the first variant).
 *
 *   npm run bench:live -- [--rounds 3] [--duration 10] [--connections 1,8] [--ops shopper-card,…]
 *                         [--variants name:ENV=V,…;name2:…] [--label latest] [--out bench/results/live]
 *
 * BENCH_DATA_DIR=/some/dir keeps each variant's embedded database between runs (seeded once),
 * in `<dir>/<variant>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEV_SECRETS, signDevToken } from '@confero/gateway';
import { DEFAULT_SEED_SIZES, generateSeedData } from '@confero/tools';
import { startBenchChild, type BenchChild } from './src/benchChild.ts';
import { runClosedLoop } from './src/closedLoop.ts';
import { liveOperations, type LiveOperation } from './src/liveOperations.ts';
import { liveReportMarkdown, type LiveMeasurement, type LiveProbe, type LiveResults } from './src/liveReport.ts';
import type { LiveSystemReady } from './src/liveSystemProcess.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,8' },
    ops: { type: 'string' },
    label: { type: 'string', default: 'latest' },
    variants: { type: 'string', default: 'current:' },
    note: { type: 'string', default: '' },
    out: { type: 'string', default: fileURLToPath(new URL('./results/live', import.meta.url)) },
  },
});
const rounds = positive('rounds', args.rounds);
const duration = positive('duration', args.duration);
const connectionLevels = args.connections.split(',').map((c) => positive('connections', c));
const log = (line: string) => process.stderr.write(`bench:live: ${line}\n`);
const operations = liveOperations(generateSeedData()).filter((op) => !args.ops || args.ops.split(',').includes(op.name));
if (operations.length === 0) throw new Error(`--ops ${args.ops}: no such operation`);

const variants = args.variants.split(';').map((spec) => {
  const [name, env = ''] = spec.split(/:(.*)/s) as [string, string?];
  if (!/^[\w.-]+$/.test(name)) throw new Error(`--variants: bad variant name in ${spec}`);
  return { name, env: Object.fromEntries(env.split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string])) };
});

const started = new Date();
const systems = new Map<string, BenchChild<LiveSystemReady>>();
const stopAll = () => Promise.allSettled([...systems.values()].map((s) => s.stop()));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
try {
  for (const variant of variants) {
    log(`${variant.name}: starting the system as npm start does (seeding an empty database takes a minute)…`);
    const dataDir: Record<string, string> = process.env.BENCH_DATA_DIR ? { BENCH_DATA_DIR: join(process.env.BENCH_DATA_DIR, variant.name) } : {};
    const system = await startBenchChild<LiveSystemReady>(new URL('./src/liveSystemProcess.ts', import.meta.url), {
      label: variant.name,
      env: { ...variant.env, ...dataDir },
      startTimeoutMs: 600_000,
    });
    systems.set(variant.name, system);
    log(`${variant.name}: ${system.ready.databaseDescription}${system.ready.seeded ? ' (seeded now)' : ''}; ${system.ready.dataLayer}; ready in ${system.ready.startSeconds.toFixed(1)} s`);
  }
  const jwtSecret = process.env.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET;
  const requests = new Map<LiveOperation, { headers: Record<string, string>; body: string }>();
  for (const op of operations) {
    const token = await signDevToken(op.caller.identity, jwtSecret);
    requests.set(op, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': op.caller.purpose },
      body: JSON.stringify({ query: op.query, variables: op.variables }),
    });
  }
  const post = async (system: BenchChild<LiveSystemReady>, op: LiveOperation) => {
    const request = requests.get(op)!;
    const sent = performance.now();
    const res = await fetch(system.ready.url, { method: 'POST', ...request });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - sent };
  };

  log('checking each operation, then counting database commands per request (sequential requests)…');
  const probes: LiveProbe[] = [];
  const PROBE_REQUESTS = 3;
  const answers = new Map<string, string>();
  for (const [variant, system] of systems) {
    for (const op of operations) {
      const first = await post(system, op);
      if (first.status !== 200 || first.text.includes('"errors":')) throw new Error(`${variant} ${op.name}: HTTP ${first.status} ${first.text.slice(0, 400)}`);
      // Every variant must answer alike (request ids and audit timing aside, the data is the same).
      const data = JSON.stringify(JSON.parse(first.text).data);
      if (answers.has(op.name) && answers.get(op.name) !== data) throw new Error(`${variant} ${op.name}: the answer differs from ${variants[0]!.name}'s`);
      answers.set(op.name, data);
      const before = (await system.stats()).counters;
      const timings: number[] = [];
      for (let i = 0; i < PROBE_REQUESTS; i++) timings.push((await post(system, op)).ms);
      await new Promise((r) => setTimeout(r, 100));
      const after = (await system.stats()).counters;
      const per = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) / PROBE_REQUESTS;
      const probe: LiveProbe = {
        variant,
        operation: op.name,
        firstMs: first.ms,
        bytes: first.text.length,
        bySubgraph: { shopper: per('shopper'), opportunity: per('opportunity'), client: per('client') },
        subgraphCommands: per('shopper') + per('opportunity') + per('client'),
        auditCommands: per('audit'),
        sequentialMs: timings,
      };
      probes.push(probe);
      log(`${variant} ${op.name}: ${probe.subgraphCommands} subgraph commands + ${probe.auditCommands} audit per request; ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
    }
  }

  const measurements: LiveMeasurement[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const op of operations) {
      for (const connections of connectionLevels) {
        const order = variants.map((_, i) => variants[(i + round - 1) % variants.length]!.name);
        for (const variant of order) {
          const system = systems.get(variant)!;
          const beforeStats = await system.stats();
          const result = await runClosedLoop({ url: system.ready.url, ...requests.get(op)!, connections, duration });
          const afterStats = await system.stats();
          const delta = (name: string) => (afterStats.counters[name] ?? 0) - (beforeStats.counters[name] ?? 0);
          const m: LiveMeasurement = {
            variant,
            round,
            operation: op.name,
            connections,
            requests: result.requests,
            requestsPerSecond: result.requestsPerSecond,
            p50Ms: result.p50Ms,
            p95Ms: result.p95Ms,
            maxMs: result.maxMs,
            errors: result.errors,
            subgraphCommandsPerRequest: (delta('shopper') + delta('opportunity') + delta('client')) / result.requests,
            auditWritesPerRequest: delta('auditWrites') / result.requests,
            databaseCpuMsPerRequest: delta('databaseCpuMicros') / 1000 / result.requests,
            systemCpuMsPerRequest: (afterStats.cpuMicros - beforeStats.cpuMicros) / 1000 / result.requests,
          };
          measurements.push(m);
          log(
            `round ${round} ${variant} ${op.name} ×${connections}: p50 ${m.p50Ms.toFixed(1)} ms, p95 ${m.p95Ms.toFixed(1)} ms, ${m.requestsPerSecond.toFixed(1)} req/s (${m.requests}), ` +
              `${m.errors} errors, database ${m.databaseCpuMsPerRequest.toFixed(2)} ms CPU/req, node ${m.systemCpuMsPerRequest.toFixed(2)} ms CPU/req`,
          );
        }
      }
    }
  }

  const results: LiveResults = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    label: args.label,
    note: args.note,
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?' },
    settings: { rounds, durationSeconds: duration, connections: connectionLevels, seed: { ...DEFAULT_SEED_SIZES } },
    variants: variants.map((v) => {
      const ready = systems.get(v.name)!.ready;
      return { name: v.name, env: v.env, database: ready.databaseDescription, dataLayer: ready.dataLayer, startSeconds: ready.startSeconds, seededNow: ready.seeded };
    }),
    operations: operations.map((op) => ({ name: op.name, title: op.title, caller: `${op.caller.identity.role} + ${op.caller.purpose}`, variables: op.variables })),
    probes,
    measurements,
  };
  const outDir = resolve(args.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${args.label}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = liveReportMarkdown(results);
  writeFileSync(join(outDir, `${args.label}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results written to ${join(outDir, `${args.label}.{json,md}`)}`);
} finally {
  await stopAll();
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}
