/**
 * Child process of the benchmark: one gateway variant, alone in its process so that its CPU
 * time is its own. `BENCH_GATEWAY` is `plain` (Apollo Gateway, no privacy layer) or `privacy`
 * (this gateway); `BENCH_AUDIT=on` gives the privacy gateway its audit store, whose database
 * commands are counted (the driver's command monitoring, asked for in the URI), and
 * `BENCH_AUDIT_JOURNAL=on` a local audit journal in front of it (`fsync`: a journal that syncs
 * each group-commit batch; `on`: one that does not).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, signCallerContext } from '@confero/directives';
import { createLogger, startGateway } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import mongoose from 'mongoose';
import { BENCH_SECRETS } from './benchSecrets.ts';
import { serveBenchParent } from './benchChild.ts';
import { startPlainGateway } from './plainGateway.ts';

/** What a gateway process reports once it is ready. */
export interface GatewayReady {
  url: string;
}

/** The one caller context of the plain gateway: full access, like variant B's callers. */
const BASELINE_CALLER = { sub: 'bench-baseline', role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', requestId: 'bench-baseline' } as const;

serveBenchParent<GatewayReady>(async () => {
  const kind = process.env.BENCH_GATEWAY;
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const supergraphSdl = readSupergraph();
  const commands: Record<string, number> = { audit: 0 };
  if (kind === 'plain') {
    // Subgraphs accept a caller context for 60 s at most: one is signed now and again every 20 s,
    // off the request path, so the plain gateway's requests only set a header.
    const sign = () => signCallerContext(BASELINE_CALLER, { secret: new TextEncoder().encode(BENCH_SECRETS.callerContext) });
    let current = await sign();
    const resign = setInterval(() => {
      void sign().then((next) => (current = next));
    }, 20_000);
    resign.unref();
    const plain = await startPlainGateway({ supergraphSdl, subgraphUrls, signedCaller: () => current });
    const stop = async () => {
      clearInterval(resign);
      await plain.stop();
    };
    return { ready: { url: plain.url }, counters: commands, stop };
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
