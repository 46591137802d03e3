/**
 * `npm run bench:audit-store`: how long an audited response waits for the audit store, with
 * nothing else running. Events recorded together through the gateway's `AuditLog` (store mode,
 * its defaults) go in one write; for each batch size the script records that many events at once,
 * one batch after the other, and times each batch from `record()` to its promise settling — the
 * wait W of an audited response. With the embedded FerretDB it also reads the database's CPU per
 * write. `MONGODB_URI=…` measures another store instead.
 *
 * Why it matters: in store mode, a response that takes R ms without audit serves at most
 * R / (R + W) of its throughput once it waits W (see `bench/README.md`), so D(on)/D(off) ≥ 0.95
 * needs W ≤ R / 19 where nothing fills the wait.
 *
 *   npm run bench:audit-store -- [--writes 300] [--shoppers 20]
 *
 * Prints a table; writes `bench/results/auditStoreWrites.{json,md}`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { AuditRecord } from '@confero/directives';
import { createAuditLog, type AuditEvent } from '@confero/gateway';
import { startDatabase } from '@confero/tools';
import mongoose from 'mongoose';
import { cpuMicrosOf, findPid } from './src/processCpu.ts';

const BATCH_SIZES = [1, 3, 8, 20];
const WARMUP_WRITES = 30;

const { values: args } = parseArgs({ options: { writes: { type: 'string', default: '300' }, shoppers: { type: 'string', default: '20' } } });
const writes = Number(args.writes);
const shoppers = Number(args.shoppers);
if (!Number.isInteger(writes) || writes < 10) throw new Error(`--writes must be an integer of at least 10, got ${args.writes}`);
if (!Number.isInteger(shoppers) || shoppers < 0) throw new Error(`--shoppers must be a non-negative integer, got ${args.shoppers}`);

const db = await startDatabase({ log: (line) => process.stderr.write(`${line}\n`) });
const connection = await mongoose.createConnection(db.uri).asPromise();
const collectionName = `audit_store_bench_${process.pid}`;
const collection = connection.collection<AuditRecord>(collectionName);
const databasePid = db.engine === 'ferretdb' ? findPid(`--listen-addr=${new URL(db.uri).host}`) : undefined;

let sequence = 0;
/** An event shaped like the gateway's: partner-referrals-like, `shoppers` shopper ids. */
const event = (): AuditEvent => {
  sequence += 1;
  return {
    at: new Date(),
    requestId: `bench-${process.pid}-${sequence}`,
    subject: 'partner-7',
    role: 'PARTNER',
    purpose: 'PARTNER_REFERRAL',
    operationName: 'Referrals',
    fields: ['Shopper.name', 'Shopper.email', 'Shopper.phone', 'Address.city', 'Address.region'],
    categories: ['IDENTIFIERS', 'PERSONAL_INFORMATION', 'GEOLOCATION'],
    subjectTypes: ['Shopper'],
    subjectIds: Array.from({ length: shoppers }, (_, i) => `shp_${String(((sequence * 7 + i) % 1000) + 1).padStart(6, '0')}`),
    decisions: { allowed: 3 * shoppers, masked: 2 * shoppers, withheld: shoppers },
    policyVersion: 'bench',
  };
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const rows: Array<{ events: number; meanMs: number; p50Ms: number; p99Ms: number; databaseCpuMsPerWrite: number }> = [];
try {
  const log = createAuditLog(collection);
  const batch = (size: number) => Promise.all(Array.from({ length: size }, () => log.record(event())));
  for (const size of BATCH_SIZES) {
    for (let i = 0; i < WARMUP_WRITES; i++) await batch(size);
    const times: number[] = [];
    const cpuBefore = cpuMicrosOf(databasePid);
    for (let i = 0; i < writes; i++) {
      const started = performance.now();
      await batch(size);
      times.push(performance.now() - started);
    }
    const cpuAfter = cpuMicrosOf(databasePid);
    times.sort((a, b) => a - b);
    rows.push({
      events: size,
      meanMs: times.reduce((sum, t) => sum + t, 0) / times.length,
      p50Ms: percentile(times, 0.5),
      p99Ms: percentile(times, 0.99),
      databaseCpuMsPerWrite: (cpuAfter - cpuBefore) / 1000 / writes,
    });
  }
} finally {
  await collection.drop().catch(() => {});
  await connection.close();
  await db.stop();
}

const n = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const markdown = [
  '# Audit store: how long an audited response waits',
  '',
  `${db.description.replace(/, data in .*$/, '')}; ${writes} writes per row after ${WARMUP_WRITES} warm-up, one at a time, nothing else running; ` +
    `events with ${shoppers} shopper ids, recorded together through the gateway's \`AuditLog\` (store mode), so each row's events go in one write. ` +
    `W is the time from \`record()\` to the write's answer. In store mode, D(on)/D(off) ≥ 0.95 needs W ≤ R / 19 for a response that takes R ms without audit, where nothing else fills the wait. Node ${process.version}.`,
  '',
  '| events per write | W mean ms | W p50 ms | W p99 ms | database CPU ms per write | R needed for 0.95 (19 × mean W), ms |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.events} | ${n(r.meanMs)} | ${n(r.p50Ms)} | ${n(r.p99Ms)} | ${n(r.databaseCpuMsPerWrite)} | ${n(19 * r.meanMs)} |`),
  '',
].join('\n');
process.stdout.write(`${markdown}\n`);
const outDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}auditStoreWrites.json`, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, database: db.description, writes, shoppers, rows }, null, 2)}\n`);
writeFileSync(`${outDir}auditStoreWrites.md`, markdown);
