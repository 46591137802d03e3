/**
 * Child process of the benchmark: one gateway variant, alone in its process so that its CPU
 * time is its own. `BENCH_GATEWAY` is `plain` (Apollo Gateway, no privacy layer), `hive` (Hive
 * Gateway with the Rust query planner, no privacy layer) or `privacy` (this gateway, on the
 * engine `BENCH_QUERY_PLANNER` names); `BENCH_AUDIT=on` gives the privacy gateway its audit
 * store, whose database commands are counted (the driver's command monitoring, asked for in
 * the URI), and `BENCH_AUDIT_JOURNAL=on` a local audit journal in front of it (`fsync`: a
 * journal that syncs each group-commit batch; `on`: one that does not).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, signCallerContext } from '@confero/directives';
import { createLogger, queryPlannerOf, startGateway } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import mongoose from 'mongoose';
import { BENCH_SECRETS } from './benchSecrets.ts';
import { serveBenchParent } from './benchChild.ts';
import { FULL_ACCESS, MATCHING_ACCESS, type BenchCaller } from './benchOperations.ts';
import { startHiveGateway } from './hiveGateway.ts';
import { startPlainGateway, type SignedCallerFor } from './plainGateway.ts';

/** What a gateway process reports once it is ready. */
export interface GatewayReady {
  url: string;
}

/** The baselines' caller contexts: the full-access callers of variant B, one per purpose they state. */
const BASELINE_CALLERS: readonly BenchCaller[] = [FULL_ACCESS, MATCHING_ACCESS];

/**
 * The baselines' caller contexts by purpose. Subgraphs accept a caller context for 60 s at most:
 * they are signed now and again every 20 s, off the request path, so a request only sets a header.
 */
async function baselineCallers(): Promise<{ signedCallerFor: SignedCallerFor; stop(): void }> {
  const secret = new TextEncoder().encode(BENCH_SECRETS.callerContext);
  const signed = new Map<string, string>();
  const signAll = async () => {
    for (const { identity, purpose } of BASELINE_CALLERS) {
      signed.set(purpose, await signCallerContext({ ...identity, sub: 'bench-baseline', purpose: purpose as never, requestId: 'bench-baseline' }, { secret }));
    }
  };
  await signAll();
  const resign = setInterval(() => void signAll(), 20_000);
  resign.unref();
  return {
    signedCallerFor: (purpose) => (purpose !== undefined && signed.get(purpose)) || signed.get(FULL_ACCESS.purpose)!,
    stop: () => clearInterval(resign),
  };
}

serveBenchParent<GatewayReady>(async () => {
  const kind = process.env.BENCH_GATEWAY;
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const supergraphSdl = readSupergraph();
  const commands: Record<string, number> = { audit: 0 };
  if (kind === 'plain') {
    const callers = await baselineCallers();
    const plain = await startPlainGateway({ supergraphSdl, subgraphUrls, signedCallerFor: callers.signedCallerFor });
    return { ready: { url: plain.url }, counters: commands, stop: async () => { callers.stop(); await plain.stop(); } };
  }
  if (kind === 'hive') {
    const callers = await baselineCallers();
    const hive = await startHiveGateway({ supergraphSdl, subgraphUrls, signedCallerFor: callers.signedCallerFor, deduplicate: process.env.BENCH_SHARE_IN_FLIGHT !== 'off' });
    return { ready: { url: hive.url }, counters: commands, stop: async () => { callers.stop(); await hive.stop(); } };
  }
  if (kind !== 'privacy') throw new Error(`BENCH_GATEWAY must be plain or privacy, got ${kind}`);
  const loaded = loadPolicyFile(POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const audit = process.env.BENCH_AUDIT === 'on';
  // Off: the gateway without its verified-token cache / without sharing in-flight queries (before/after, like-for-like figures).
  const tokenCache = process.env.BENCH_TOKEN_CACHE !== 'off';
  const shareInFlightQueries = process.env.BENCH_SHARE_IN_FLIGHT !== 'off';
  const journal = process.env.BENCH_AUDIT_JOURNAL ?? 'off';
  if (!['on', 'fsync', 'off'].includes(journal)) throw new Error(`BENCH_AUDIT_JOURNAL must be on, fsync or off, got ${journal}`);
  const gateway = await startGateway({
    supergraphSdl,
    port: 0,
    subgraphUrls,
    callerContextSecret: BENCH_SECRETS.callerContext,
    auth: { jwtSecret: BENCH_SECRETS.jwt, ...(tokenCache ? {} : { tokenCache: { maxEntries: 0 } }) },
    shareInFlightQueries,
    queryPlanner: queryPlannerOf(process.env.BENCH_QUERY_PLANNER),
    policy: loaded.policy,
    hashKey: BENCH_SECRETS.hashKey,
    mongoUri: audit ? withCommandMonitoring(process.env.BENCH_DATABASE_URI ?? '') : false,
    auditJournalDir: audit && journal !== 'off' ? mkdtempSync(join(tmpdir(), 'confero-bench-journal-')) : undefined,
    auditJournalFsync: journal === 'fsync',
    logger: createLogger('bench-gateway', 'warn'),
  });
  // The gateway's only database connection is its audit store's: its commands are counted, and
  // the audit writes (inserts) timed from the driver's side — how long the store takes to answer.
  for (const connection of mongoose.connections) {
    if (connection.readyState !== 1) continue;
    const client = connection.getClient();
    client.on('commandStarted', () => {
      commands.audit = (commands.audit ?? 0) + 1;
    });
    const timeWrite = (event: { commandName: string; duration: number }) => {
      if (event.commandName !== 'insert') return;
      commands.auditWrites = (commands.auditWrites ?? 0) + 1;
      commands.auditWriteMicros = (commands.auditWriteMicros ?? 0) + event.duration * 1000;
    };
    client.on('commandSucceeded', timeWrite);
    client.on('commandFailed', timeWrite);
  }
  // How long audited responses waited for their audit event: the gateway's own histogram.
  const readCounters = async () => {
    const values = (await gateway.metrics.auditWriteDuration.get()).values;
    const total = (suffix: string) => values.filter((v) => v.metricName === `confero_audit_write_duration_seconds_${suffix}`).reduce((sum, v) => sum + v.value, 0);
    const fsyncs = (await gateway.metrics.registry.getSingleMetric('confero_audit_journal_fsyncs_total')?.get())?.values[0]?.value;
    return { auditWaits: total('count'), auditWaitMicros: total('sum') * 1e6, ...(fsyncs === undefined ? {} : { journalFsyncs: fsyncs }) };
  };
  return { ready: { url: `http://127.0.0.1:${gateway.port}/graphql` }, counters: commands, readCounters, stop: gateway.stop };
});

function withCommandMonitoring(uri: string): string {
  if (!uri) throw new Error('BENCH_DATABASE_URI is required with BENCH_AUDIT=on');
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}
