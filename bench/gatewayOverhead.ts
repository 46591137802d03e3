/**
 * `npm run bench`: what the privacy layer costs, side by side with a plain Apollo Gateway and
 * Hive Gateway with the Rust query planner.
 *
 * Processes: the database (embedded FerretDB, or MONGODB_URI) and the three subgraphs in one
 * child; each gateway in its own child (A plain Apollo Gateway; H Hive Gateway + Rust planner;
 * B, C and D-on this gateway with audit; D-off without); autocannon here. Rounds interleave the variants
 * (order rotated per round), each after its own warm-up; ratios are taken within a round, their median quoted.
 *
 * Modes: `live` runs on the subgraphs and the seeded database; `replay` puts a proxy in front of
 * the subgraphs that answers a subgraph request it has seen before from memory, so the gateways
 * are measured without the database.
 *
 *   npm run bench -- [--mode live,replay] [--rounds 3] [--duration 8] [--warmup 2]
 *                    [--connections 8] [--live-connections 2] [--ops dashboard-10,shopper-card]
 *                    [--seed default|small] [--token-cache on|off] [--share-in-flight on|off]
 *                    [--audit-journal on|fsync|off] [--query-planner hive|apollo] [--variants A,H,B,C,D-off]
 *                    [--pin (each gateway alone on CPU 0, the rest on the others)] [--profile] [--out bench/results]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { queryPlannerOf, signDevToken } from '@confero/gateway';
import { DEFAULT_SEED_SIZES, generateSeedData, type SeedOptions } from '@confero/tools';
import { startBenchChild, type BenchChild, type ProcessStats } from './src/benchChild.ts';
import { benchOperations, type BenchCaller, type BenchOperation } from './src/benchOperations.ts';
import { BENCH_SECRETS } from './src/benchSecrets.ts';
import type { GatewayReady } from './src/gatewayProcess.ts';
import { cpuMicrosOf, findPid } from './src/processCpu.ts';
import { runLoad } from './src/runLoad.ts';
import { cpuPinning } from './src/cpuPinning.ts';
import { journalSetting, onOff, positive, variantsOf } from './src/benchArgs.ts';
import { meanMs, sumCounters } from './src/counterMeans.ts';
import { modeResults, reportMarkdown, type BenchResults, type ModeResults } from './src/benchReport.ts';
import { VARIANTS, type BenchMode, type Measurement, type RoundTripProbe, type Variant } from './src/summarize.ts';
import type { SystemReady } from './src/systemProcess.ts';

/** A seed small enough that FerretDB's collection scans stay short (≥ 50 deliverables per client). */
const SMALL_SEED: SeedOptions = { shoppers: 100, clients: 2, opportunities: 50, assignments: 300, deliverables: 200 };
const SUBGRAPHS = ['shopper', 'opportunity', 'client'];
const MODES: readonly BenchMode[] = ['live', 'replay'];

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'live,replay' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '8' },
    'live-connections': { type: 'string', default: '2' },
    'token-cache': { type: 'string', default: 'on' },
    'share-in-flight': { type: 'string', default: 'on' },
    'audit-journal': { type: 'string', default: 'off' },
    'query-planner': { type: 'string', default: 'hive' },
    variants: { type: 'string', default: VARIANTS.join(',') },
    ops: { type: 'string' },
    seed: { type: 'string', default: 'default' },
    profile: { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./results', import.meta.url)) },
  },
});
const modes = args.mode.split(',').map((m) => {
  if (!MODES.includes(m as BenchMode)) throw new Error(`--mode: live and/or replay, got ${m}`);
  return m as BenchMode;
});
if (args.seed !== 'default' && args.seed !== 'small') throw new Error(`--seed: default or small, got ${args.seed}`);
const seed: SeedOptions = args.seed === 'small' ? SMALL_SEED : {};
const settings = {
  modes,
  rounds: positive('rounds', args.rounds),
  durationSeconds: positive('duration', args.duration),
  warmupSeconds: Number(args.warmup),
  connections: positive('connections', args.connections),
  liveConnections: positive('live-connections', args['live-connections']),
  /** The privacy gateways' verified-token cache (`off` for before/after figures). */
  tokenCache: onOff('token-cache', args['token-cache']),
  /** The privacy gateways' sharing of identical in-flight subgraph queries (`off`: like-for-like with a plain Apollo Gateway). */
  shareInFlight: onOff('share-in-flight', args['share-in-flight']),
  /** The audited gateway (B, C) with a local audit journal: responses wait for the journal append (`on`), or for the append and its batch's fsync (`fsync`), not for the store. */
  auditJournal: journalSetting(args['audit-journal']),
  /** The privacy gateway's engine (B, C, D-off). */
  queryPlanner: queryPlannerOf(args['query-planner']) ?? 'hive',
  /** The variants measured (A and B at least: the ratios are taken against A). */
  variants: variantsOf(args.variants),
  seed: { ...DEFAULT_SEED_SIZES, ...seed },
};
const pinning = args.pin ? cpuPinning() : undefined;
const outDir = resolve(args.out);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

const operations = benchOperations(generateSeedData(seed)).filter((op) => !args.ops || args.ops.split(',').includes(op.name));
if (operations.length === 0) throw new Error(`--ops ${args.ops}: no such operation`);

const tokens = new Map<BenchCaller, string>();
const children = new Set<BenchChild<unknown>>();
const stopAll = () => Promise.allSettled([...children].reverse().map((c) => c.stop()));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const started = new Date();
  log('starting the database and the subgraphs (seeding an empty database takes a minute)…');
  const system = await startBenchChild<SystemReady>(new URL('./src/systemProcess.ts', import.meta.url), {
    label: 'subgraphs',
    env: { BENCH_SEED: JSON.stringify(seed) },
    pin: pinning?.forkOptions(pinning.otherCpus),
  });
  children.add(system);
  log(`database: ${system.ready.databaseDescription}${system.ready.seeded ? ' (seeded now)' : ''}`);
  const databasePid = system.ready.databaseEngine === 'ferretdb' ? findPid(`--listen-addr=${new URL(system.ready.databaseUri).host}`) : undefined;
  for (const [label, pid] of [['subgraphs', system.pid], ['database', databasePid]] as const) pinning?.record(label, pid);

  for (const caller of operations.flatMap((op) => [op.fullAccess, op.restricted])) {
    if (!tokens.has(caller)) tokens.set(caller, await signDevToken(caller.identity, BENCH_SECRETS.jwt));
  }
  const profileDir = args.profile ? join(outDir, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const sections: ModeResults[] = [];
  const memory: Array<{ process: string; peakRssMb: number }> = [];
  for (const mode of modes) {
    log(`mode ${mode}: starting the gateways…`);
    const urls = mode === 'replay' ? system.ready.replayUrls : system.ready.subgraphUrls;
    const env = { BENCH_SUBGRAPH_URLS: JSON.stringify(urls), BENCH_DATABASE_URI: system.ready.databaseUri, BENCH_TOKEN_CACHE: settings.tokenCache, BENCH_SHARE_IN_FLIGHT: settings.shareInFlight, BENCH_AUDIT_JOURNAL: settings.auditJournal, BENCH_QUERY_PLANNER: settings.queryPlanner };
    const gatewayScript = new URL('./src/gatewayProcess.ts', import.meta.url);
    const start = (label: string, extra: Record<string, string>) =>
      startBenchChild<GatewayReady>(gatewayScript, { label: `${mode}-${label}`, env: { ...env, ...extra }, cpuProfileDir: profileDir, pin: pinning?.forkOptions(pinning.gatewayCpus) });
    const wanted = (...variants: Variant[]) => variants.some((v) => settings.variants.includes(v));
    const [plain, hive, privacy, noAudit] = await Promise.all([
      start('A-plain-apollo-gateway', { BENCH_GATEWAY: 'plain' }),
      wanted('H') ? start('H-hive-gateway-rust-planner', { BENCH_GATEWAY: 'hive' }) : undefined,
      start('B-privacy-gateway', { BENCH_GATEWAY: 'privacy', BENCH_AUDIT: 'on' }),
      wanted('D-off') ? start('D-off-privacy-gateway-no-audit', { BENCH_GATEWAY: 'privacy', BENCH_AUDIT: 'off' }) : undefined,
    ]);
    const started = [plain, hive, privacy, noAudit].filter((c): c is BenchChild<GatewayReady> => c !== undefined);
    for (const c of started) children.add(c);
    for (const c of started) pinning?.record(c.label, c.pid);
    const gatewayOf: Partial<Record<Variant, BenchChild<GatewayReady>>> = { A: plain, H: hive, B: privacy, C: privacy, 'D-off': noAudit };
    const result = await runMode(mode, system, gatewayOf as Record<Variant, BenchChild<GatewayReady>>, databasePid);
    sections.push(result);
    for (const child of started) {
      memory.push({ process: child.label, peakRssMb: (await child.stats()).maxRssBytes / 2 ** 20 });
      await child.stop();
      children.delete(child);
    }
  }
  memory.push({ process: 'subgraphs (+ replay proxies)', peakRssMb: (await system.stats()).maxRssBytes / 2 ** 20 });

  const machine = { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?' };
  const results: BenchResults = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    settings: { ...settings, database: system.ready.databaseDescription, ...(pinning ? { pinning: { gatewayCpus: pinning.gatewayCpus, otherCpus: pinning.otherCpus, affinities: pinning.affinities } } : {}) },
    operations: operations.map((op) => ({ name: op.name, title: op.title, variables: op.variables, restrictedCaller: { role: op.restricted.identity.role, purpose: op.restricted.purpose } })),
    modes: sections,
    memory,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = reportMarkdown(results);
  writeFileSync(join(outDir, 'latest.md'), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results written to ${join(outDir, 'latest.json')} and latest.md`);
} finally {
  await stopAll();
}

async function runMode(mode: BenchMode, system: BenchChild<SystemReady>, gatewayOf: Record<Variant, BenchChild<GatewayReady>>, databasePid: number | undefined) {
  /** The same request bytes for A, H, B and D (A and H read only the purpose, to pick their caller context). */
  const requestOf = (op: BenchOperation, variant: Variant) => {
    const caller = variant === 'C' ? op.restricted : op.fullAccess;
    return {
      url: gatewayOf[variant].ready.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(caller)}`, 'x-purpose': caller.purpose },
      body: JSON.stringify({ query: op.query, variables: op.variables }),
    };
  };
  const post = async (op: BenchOperation, variant: Variant) => {
    const request = requestOf(op, variant);
    const startedAt = performance.now();
    const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - startedAt };
  };
  const statsOf = async (variant: Variant) => {
    const [gateway, subgraphs] = await Promise.all([gatewayOf[variant].stats(), system.stats()]);
    return { gateway, subgraphs, databaseCpuMicros: cpuMicrosOf(databasePid) };
  };
  const connections = mode === 'live' ? settings.liveConnections : settings.connections;
  const subgraphCommands = (s: ProcessStats) => SUBGRAPHS.reduce((sum, name) => sum + (s.counters[name] ?? 0), 0);

  log(`mode ${mode}: checking every operation and variant once…`);
  const checks: ModeResults['checks'] = [];
  for (const op of operations) {
    let baseline: unknown;
    for (const variant of settings.variants) {
      if (mode === 'replay') await post(op, variant); // the first answer of a replay proxy is recorded, not replayed
      const { status, text, ms } = await post(op, variant);
      const json = JSON.parse(text);
      if (variant === 'A') baseline = json.data;
      checks.push({
        operation: op.name,
        variant,
        status,
        ms: Math.round(ms),
        bytes: text.length,
        errors: json.errors?.length ?? 0,
        withheld: json.extensions?.privacy?.withheldCount ?? 0,
        masked: json.extensions?.privacy?.maskedCount ?? 0,
        sameDataAsA: JSON.stringify(json.data) === JSON.stringify(baseline),
      });
      if (status !== 200 || json.errors || json.data == null) throw new Error(`${mode} ${op.name} ${variant}: HTTP ${status} ${text.slice(0, 400)}`);
      if (variant === 'B' && (json.extensions?.privacy?.withheldCount ?? 0) > 0) {
        log(`note: ${op.name}: B's caller has ${json.extensions.privacy.withheldCount} field(s) withheld (A's subgraphs withhold the same, so the data is equal)`);
      }
      if (variant !== 'C' && JSON.stringify(json.data) !== JSON.stringify(baseline)) {
        throw new Error(`${mode} ${op.name} ${variant}: the full-access answer differs from the plain gateway's`);
      }
    }
  }
  console.table(checks);

  const roundTrips: RoundTripProbe[] = [];
  if (mode === 'live') {
    log('counting database round trips per request (sequential requests)…');
    const PROBE_REQUESTS = 3;
    for (const op of operations) {
      for (const variant of settings.variants) {
        const before = await statsOf(variant);
        for (let i = 0; i < PROBE_REQUESTS; i++) await post(op, variant);
        await sleep(50);
        const after = await statsOf(variant);
        const delta = (name: string, a: ProcessStats, b: ProcessStats) => ((a.counters[name] ?? 0) - (b.counters[name] ?? 0)) / PROBE_REQUESTS;
        roundTrips.push({
          operation: op.name,
          variant,
          subgraph: (subgraphCommands(after.subgraphs) - subgraphCommands(before.subgraphs)) / PROBE_REQUESTS,
          audit: delta('audit', after.gateway, before.gateway),
          bySubgraph: Object.fromEntries(SUBGRAPHS.map((name) => [name, delta(name, after.subgraphs, before.subgraphs)])),
        });
      }
    }
    console.table(roundTrips.map(({ bySubgraph, ...p }) => ({ ...p, ...bySubgraph })));
  }

  log(`mode ${mode}: warming up every variant…`);
  for (const op of operations) {
    for (const variant of settings.variants) await runLoad({ ...requestOf(op, variant), duration: 2, connections });
  }

  const measurements: Measurement[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const op of operations) {
      const order = settings.variants.map((_, i, all) => all[(i + round - 1) % all.length]!);
      for (const variant of order) {
        const request = requestOf(op, variant);
        if (settings.warmupSeconds > 0) await runLoad({ ...request, duration: settings.warmupSeconds, connections });
        const before = await statsOf(variant);
        const load = await runLoad({ ...request, duration: settings.durationSeconds, connections });
        await sleep(100);
        const after = await statsOf(variant);
        const perRequest = (delta: number) => (load.requests > 0 ? delta / load.requests : NaN);
        const m: Measurement = {
          mode,
          round,
          operation: op.name,
          variant,
          requests: load.requests,
          requestsPerSecond: load.requestsPerSecond,
          p50Ms: load.p50Ms,
          p99Ms: load.p99Ms,
          errors: load.errors,
          gatewayCpuMsPerRequest: perRequest((after.gateway.cpuMicros - before.gateway.cpuMicros) / 1000),
          subgraphCpuMsPerRequest: perRequest((after.subgraphs.cpuMicros - before.subgraphs.cpuMicros) / 1000),
          databaseCpuMsPerRequest: perRequest((after.databaseCpuMicros - before.databaseCpuMicros) / 1000),
          subgraphDbRoundTripsPerRequest: perRequest(subgraphCommands(after.subgraphs) - subgraphCommands(before.subgraphs)),
          auditDbRoundTripsPerRequest: perRequest((after.gateway.counters.audit ?? 0) - (before.gateway.counters.audit ?? 0)),
          auditWriteMs: meanMs(before.gateway, after.gateway, 'auditWrites', 'auditWriteMicros'),
          auditWaitMs: meanMs(before.gateway, after.gateway, 'auditWaits', 'auditWaitMicros'),
          ...(after.gateway.counters.journalFsyncs === undefined ? {} : { journalFsyncsPerRequest: perRequest(after.gateway.counters.journalFsyncs - (before.gateway.counters.journalFsyncs ?? 0)) }),
          subgraphRequestsPerRequest: perRequest(sumCounters(after.subgraphs, 'replayed:') - sumCounters(before.subgraphs, 'replayed:') + sumCounters(after.subgraphs, 'forwarded:') - sumCounters(before.subgraphs, 'forwarded:')),
          subgraphConnectionsOpened: sumCounters(after.subgraphs, 'connections:') - sumCounters(before.subgraphs, 'connections:'),
          gatewayRssMb: after.gateway.rssBytes / 2 ** 20,
        };
        measurements.push(m);
        log(
          `${mode} round ${round} ${op.name} ${variant}: ${m.requestsPerSecond.toFixed(1)} req/s (${m.requests}), p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
            `gateway ${m.gatewayCpuMsPerRequest.toFixed(2)} ms CPU/req, ${m.errors} errors` +
            (m.journalFsyncsPerRequest === undefined ? '' : `, ${m.journalFsyncsPerRequest.toFixed(3)} journal fsyncs/req`),
        );
      }
    }
  }
  return modeResults(mode, checks, roundTrips, measurements);
}

