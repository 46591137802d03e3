import { startDatabase, testAuditEvent, type RunningDatabase } from '@confero/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_COLLECTION, AUDIT_EVENT_ID_PREFIX, AUDIT_INDEXES, createAuditLog, auditEventId, ensureAuditIndexes, secondaryIndexesServeReads, type AuditCollection, type AuditEvent, type AuditRecord } from './index.ts';

const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => testAuditEvent(overrides);

/** A collection that counts `insertMany` calls and notes which request ids each finished write carried. */
function spied(collection: AuditCollection) {
  const spy = { calls: 0, batchSizes: [] as number[], written: new Set<string>() };
  const wrapped: AuditCollection = {
    insertMany: (async (docs: AuditRecord[], options?: object) => {
      spy.calls += 1;
      spy.batchSizes.push(docs.length);
      const result = await collection.insertMany(docs, options);
      for (const d of docs) spy.written.add(d.requestId);
      return result;
    }) as AuditCollection['insertMany'],
  };
  return { spy, wrapped };
}

describe('AuditLog', () => {
  let db: RunningDatabase;
  let connection: mongoose.Connection;
  let n = 0;
  /** A fresh collection per test, so counts are the test's own. */
  const collection = () => connection.collection<AuditRecord>(`${AUDIT_COLLECTION}_${++n}`);

  beforeAll(async () => {
    db = await startDatabase({ uri: '' }); // always an embedded engine: one test stops it
    connection = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 2000 }).asPromise();
  });
  afterAll(async () => {
    await connection?.close().catch(() => {});
    await db?.stop();
  });

  it('writes concurrent events in fewer inserts than events (group commit), and stores every one', async () => {
    const target = collection();
    const { spy, wrapped } = spied(target);
    const log = createAuditLog(wrapped);
    const events = Array.from({ length: 200 }, () => event());
    await Promise.all(events.map((e) => log.record(e))); // all in one tick: one batch
    expect(spy.calls).toBe(1);
    expect(spy.batchSizes.reduce((a, b) => a + b, 0)).toBe(200);
    const stored = await target.find({}).toArray();
    expect(stored.map((d) => d.requestId).sort()).toEqual(events.map((e) => e.requestId).sort());
    expect(stored[0]).toMatchObject({ role: 'SUPPORT', purpose: 'SERVICES', fields: ['Shopper.email'], decisions: { allowed: 1, masked: 0, withheld: 0 } });
    expect(stored[0]!.at).toBeInstanceOf(Date);
  });

  it('in store mode starts the write once the turn of the event loop that recorded the events has run, without a timer', async () => {
    const { spy, wrapped } = spied(collection());
    const log = createAuditLog(wrapped);
    const recorded = [log.record(event()), log.record(event())];
    expect(spy.calls).toBe(0); // not during the turn: its other events go in the same write
    await new Promise((r) => setImmediate(r)); // queued after the log's own: no timer has fired yet
    expect(spy.calls).toBe(1);
    expect(spy.batchSizes).toEqual([2]);
    await Promise.all(recorded);
  });

  it('resolves each record only after the write that carries its event', async () => {
    const target = collection();
    const { spy, wrapped } = spied(target);
    const log = createAuditLog(wrapped, { maxDelayMs: 5 });
    const checks: Promise<void>[] = [];
    // Six waves, 10 ms apart: several batches, each event waiting for its own.
    for (let wave = 0; wave < 6; wave += 1) {
      for (const e of Array.from({ length: 10 }, () => event())) {
        checks.push(
          log.record(e).then(async () => {
            expect(spy.written.has(e.requestId), e.requestId).toBe(true);
            expect(await target.countDocuments({ requestId: e.requestId })).toBe(1);
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(checks);
    expect(spy.calls).toBeGreaterThan(1);
    expect(spy.calls).toBeLessThan(60);
  });

  it('lets events that arrive during a write wait for the next one, which takes them all', async () => {
    const target = collection();
    const { spy, wrapped } = spied(target);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = true;
    const gated: AuditCollection = {
      insertMany: (async (docs: AuditRecord[], options?: object) => {
        if (held) {
          held = false;
          await gate;
        }
        return wrapped.insertMany(docs, options);
      }) as AuditCollection['insertMany'],
    };
    const log = createAuditLog(gated, { maxDelayMs: 1, maxConcurrentWrites: 1 });
    const first = log.record(event());
    await new Promise((r) => setTimeout(r, 20)); // the first write is under way, held
    const later = Array.from({ length: 10 }, () => log.record(event()));
    await new Promise((r) => setTimeout(r, 20));
    expect(spy.calls).toBe(0);
    release();
    await Promise.all([first, ...later]);
    expect(spy.batchSizes).toEqual([1, 10]);
    expect(await target.countDocuments({})).toBe(11);
  });

  it('splits a burst larger than maxBatch into inserts of at most maxBatch events', async () => {
    const { spy, wrapped } = spied(collection());
    const log = createAuditLog(wrapped, { maxBatch: 10, maxDelayMs: 50 });
    await Promise.all(Array.from({ length: 35 }, () => log.record(event())));
    expect(spy.batchSizes.every((size) => size <= 10)).toBe(true);
    expect(spy.batchSizes.reduce((a, b) => a + b, 0)).toBe(35);
  });

  it('gives every event a time-ordered id with the audit prefix, and leaves the caller’s event untouched', async () => {
    const target = collection();
    const log = createAuditLog(target);
    const first = event({ at: new Date('2026-01-01T00:00:00Z') });
    const second = event({ at: new Date('2026-01-01T00:00:00.001Z') });
    await Promise.all([log.record(second), log.record(first)]);
    expect(first).not.toHaveProperty('_id');
    const ids = (await target.find({}).sort({ _id: -1 }).toArray()).map((d) => d.requestId);
    expect(ids).toEqual([second.requestId, first.requestId]);
    const a = auditEventId(new Date(5));
    const b = auditEventId(new Date(5));
    expect(a.startsWith(AUDIT_EVENT_ID_PREFIX) && a < b).toBe(true);
    expect(a).toMatch(/^[A-Za-z0-9_]+$/);
  });

  describe('flush()', () => {
    it('writes pending events at once and waits for every write under way', async () => {
      const target = collection();
      const { spy, wrapped } = spied(target);
      const log = createAuditLog(wrapped, { maxDelayMs: 60_000 });
      let settled = 0;
      const records = Array.from({ length: 5 }, () => log.record(event()).then(() => (settled += 1)));
      await new Promise((r) => setTimeout(r, 20));
      expect(spy.calls).toBe(0); // still waiting for company
      await log.flush();
      expect(spy.calls).toBe(1);
      expect(await target.countDocuments({})).toBe(5);
      await Promise.all(records);
      expect(settled).toBe(5);
    });

    it('returns at once when nothing is pending', async () => {
      await expect(createAuditLog(collection()).flush()).resolves.toBeUndefined();
    });
  });

  describe('when a write does not answer in time', () => {
    it('rejects every event of the batch after writeTimeoutMs', async () => {
      const hanging: AuditCollection = { insertMany: (() => new Promise(() => {})) as AuditCollection['insertMany'] };
      const log = createAuditLog(hanging, { writeTimeoutMs: 50 });
      const started = Date.now();
      const results = await Promise.allSettled([log.record(event()), log.record(event())]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/audit write failed: no answer within 50 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('goes on writing later events once the store answers again', async () => {
      const target = collection();
      let hang = true;
      const flaky: AuditCollection = {
        insertMany: ((docs: AuditRecord[], options?: object) => (hang ? new Promise(() => {}) : target.insertMany(docs, options))) as AuditCollection['insertMany'],
      };
      const log = createAuditLog(flaky, { writeTimeoutMs: 1000 });
      await expect(log.record(event())).rejects.toThrow(/audit write failed/);
      hang = false;
      const ok = event();
      await expect(log.record(ok)).resolves.toBeUndefined();
      expect(await target.countDocuments({ requestId: ok.requestId })).toBe(1);
    });
  });

  it('refuses options that cannot work', () => {
    const target = collection();
    expect(() => createAuditLog(target, { maxBatch: 0 })).toThrow(/AuditLog: maxBatch/);
    expect(() => createAuditLog(target, { writeTimeoutMs: 0 })).toThrow(/AuditLog: writeTimeoutMs/);
    expect(() => createAuditLog(target, { maxConcurrentWrites: 0 })).toThrow(/AuditLog: maxConcurrentWrites/);
  });

  describe('ensureAuditIndexes', () => {
    const MONGODB = { version: '7.0.14' };
    const FERRETDB = { version: '7.0.77', ferretdbVersion: 'v1.24.2' };
    const names = async (target: ReturnType<typeof collection>) => (await target.indexes()).map((i) => i.name);

    it('tells the stores whose reads secondary indexes serve', () => {
      expect(secondaryIndexesServeReads(MONGODB)).toBe(true);
      expect(secondaryIndexesServeReads({ ...FERRETDB, ferretdbVersion: 'v2.0.0' })).toBe(true);
      expect(secondaryIndexesServeReads(FERRETDB)).toBe(false);
      expect(secondaryIndexesServeReads({ ...FERRETDB, ferretdbVersion: '1.10.1' })).toBe(false);
    });

    it('where indexes serve reads: indexes the trail by data subject and request, can run again, and leaves a retired index alone', async () => {
      const target = collection();
      await target.createIndex({ at: -1 }, { name: 'at_-1' }); // made by an earlier version
      await target.createIndex({ shopperIds: 1 }, { name: 'shopperIds_1' }); // made by an earlier version, for its events' subjects
      await expect(ensureAuditIndexes(target, MONGODB)).resolves.toEqual({ indexed: ['subjectIds_1', 'requestId_1'], dropped: [] });
      await ensureAuditIndexes(target, MONGODB); // every start-up runs it
      expect((await names(target)).sort()).toEqual(['_id_', 'at_-1', 'requestId_1', 'shopperIds_1', 'subjectIds_1']);
      expect(AUDIT_INDEXES.map((i) => Object.keys(i.key)[0])).toEqual(['subjectIds', 'requestId']);
    });

    it('where they serve no read (FerretDB 1.x): makes none, drops those it made before, and keeps anyone else\'s', async () => {
      const target = collection();
      await expect(ensureAuditIndexes(target, FERRETDB)).resolves.toEqual({ indexed: [], dropped: [] }); // no collection yet
      await ensureAuditIndexes(target, MONGODB);
      await target.createIndex({ at: -1 }, { name: 'at_-1' });
      await target.createIndex({ shopperIds: 1 }, { name: 'shopperIds_1' });
      await target.createIndex({ role: 1 }, { name: 'operator_role' });
      const result = await ensureAuditIndexes(target, FERRETDB);
      expect(result.indexed).toEqual([]);
      expect(result.dropped.sort()).toEqual(['at_-1', 'requestId_1', 'shopperIds_1', 'subjectIds_1']);
      expect((await names(target)).sort()).toEqual(['_id_', 'operator_role']);
      await createAuditLog(target).record(event()); // the trail still takes events
      await expect(target.countDocuments()).resolves.toBe(1);
    });
  });

  // Last: it stops the database.
  describe('when the database is down', () => {
    it('rejects every waiting record of the failed write (fail closed)', async () => {
      const target = collection();
      const { wrapped } = spied(target);
      const log = createAuditLog(wrapped, { writeTimeoutMs: 1000 });
      await log.record(event()); // the collection works…
      await db.stop(); // …until the store goes away
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => log.record(event())));
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      for (const r of results) expect((r as PromiseRejectedResult).reason.message).toMatch(/^audit write failed: /);
      await expect(log.flush()).resolves.toBeUndefined();
    });
  });
});
