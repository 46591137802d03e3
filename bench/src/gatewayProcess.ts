/**
 * Child process of the benchmark: one gateway variant, alone in its process so that its CPU
 * time is its own. `BENCH_GATEWAY` is `plain` (Apollo Gateway, no privacy layer), `hive` (Hive
 * Gateway with the Rust query planner, no privacy layer) or `privacy` (this gateway, on the
 * engine `BENCH_QUERY_PLANNER` names); `BENCH_AUDIT=on` gives the privacy gateway its audit
 * store, whose database commands are counted (the driver's command monitoring, asked for in
 * the URI), and `BENCH_AUDIT_JOURNAL=on` a local audit journal in front of it.
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

async function baselineCallers(): Promise<SignedCallerFor> {
  const secret = new TextEncoder().encode(BENCH_SECRETS.callerContext);
  const signed = new Map<string, string>();
  for (const { identity, purpose } of BASELINE_CALLERS) {
    signed.set(purpose, await signCallerContext({ ...identity, sub: 'bench-baseline', purpose: purpose as never, requestId: 'bench-baseline' }, { secret, ttlSeconds: 24 * 3600 }));
  }
  const fallback = signed.get(FULL_ACCESS.purpose)!;
  return (purpose) => (purpose !== undefined && signed.get(purpose)) || fallback;
}

serveBenchParent<GatewayReady>(async () => {
  const kind = process.env.BENCH_GATEWAY;
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const supergraphSdl = readSupergraph();
  const commands: Record<string, number> = { audit: 0 };
  if (kind === 'plain') {
    const plain = await startPlainGateway({ supergraphSdl, subgraphUrls, signedCallerFor: await baselineCallers() });
    return { ready: { url: plain.url }, counters: commands, stop: plain.stop };
  }
  if (kind === 'hive') {
    const hive = await startHiveGateway({ supergraphSdl, subgraphUrls, signedCallerFor: await baselineCallers(), deduplicate: process.env.BENCH_SHARE_IN_FLIGHT !== 'off' });
    return { ready: { url: hive.url }, counters: commands, stop: hive.stop };
  }
  if (kind !== 'privacy') throw new Error(`BENCH_GATEWAY must be plain or privacy, got ${kind}`);
  const loaded = loadPolicyFile(POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const audit = process.env.BENCH_AUDIT === 'on';
  // Off: the gateway without its verified-token cache / without sharing in-flight queries (before/after, like-for-like figures).
  const tokenCache = process.env.BENCH_TOKEN_CACHE !== 'off';
  const shareInFlightQueries = process.env.BENCH_SHARE_IN_FLIGHT !== 'off';
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
    auditJournalDir: audit && process.env.BENCH_AUDIT_JOURNAL === 'on' ? mkdtempSync(join(tmpdir(), 'confero-bench-journal-')) : undefined,
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
    return { auditWaits: total('count'), auditWaitMicros: total('sum') * 1e6 };
  };
  return { ready: { url: `http://127.0.0.1:${gateway.port}/graphql` }, counters: commands, readCounters, stop: gateway.stop };
});

function withCommandMonitoring(uri: string): string {
  if (!uri) throw new Error('BENCH_DATABASE_URI is required with BENCH_AUDIT=on');
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}
