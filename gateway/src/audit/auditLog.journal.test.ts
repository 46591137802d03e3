import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatabase, testAuditEvent, type RunningDatabase } from '@confero/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_COLLECTION, AuditJournal, createAuditLog, auditEventId, type AuditCollection, type AuditEvent, type AuditRecord } from './index.ts';

const event = (): AuditEvent => testAuditEvent({}, 'jreq');
const record = (): AuditRecord => {
  const e = event();
  return { ...e, _id: auditEventId(e.at) };
};
const journalDir = () => mkdtempSync(join(tmpdir(), 'confero-journal-'));
const segmentFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const journalText = (dir: string) => segmentFiles(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The real collection behind a switch: `state.mode` makes the store answer, fail at once, or hang. */
function switchable(target: AuditCollection) {
  const state = { mode: 'up' as 'up' | 'failing' | 'hanging', calls: 0 };
  const collection: AuditCollection = {
    insertMany: (async (docs: AuditRecord[], options?: object) => {
      state.calls += 1;
      if (state.mode === 'failing') throw new Error('connection refused');
      if (state.mode === 'hanging') return new Promise(() => {});
      return target.insertMany(docs, options);
    }) as AuditCollection['insertMany'],
  };
  return { state, collection };
}

describe.each([{ fsync: true }, { fsync: false }])('AuditLog with a journal (fsync: $fsync)', ({ fsync }) => {
  let db: RunningDatabase;
  let connection: mongoose.Connection;
  let n = 0;
  const collection = () => connection.collection<AuditRecord>(`${AUDIT_COLLECTION}_journal_${++n}`);

  beforeAll(async () => {
    db = await startDatabase();
    connection = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 2000 }).asPromise();
  });
  afterAll(async () => {
    await connection?.close().catch(() => {});
    await db?.stop();
  });

  it('answers once the event is in the journal, ships it to the store behind, then empties the journal', async () => {
    const dir = journalDir();
    const target = collection();
    const { state, collection: store } = switchable(target);
    state.mode = 'hanging';
    const journal = AuditJournal.open({ dir, fsync });
    const log = createAuditLog(store, { journal, writeTimeoutMs: 200, retryDelayMs: 20 });
    const e = event();
    await expect(log.record(e)).resolves.toBeUndefined(); // the store has not answered
    expect(journalText(dir)).toContain(e.requestId);
    expect(log.backlog).toBe(1);
    state.mode = 'up';
    await until(async () => (await target.countDocuments({ requestId: e.requestId })) === 1);
    await until(() => log.backlog === 0);
    expect(journalText(dir)).toBe('');
    journal.close();
  });

  it('appends the events of one turn of the event loop with one write, each answered only once it is in', async () => {
    const dir = journalDir();
    const target = collection();
    const journal = AuditJournal.open({ dir, fsync });
    const appends: number[] = [];
    const append = journal.append.bind(journal);
    journal.append = (records) => {
      appends.push(records.length);
      return append(records);
    };
    const log = createAuditLog(target, { journal });
    const events = [event(), event(), event()];
    const answered: string[] = [];
    const recorded = events.map((e) => log.record(e).then(() => answered.push(e.requestId)));
    expect(appends).toEqual([]); // nothing written yet, nobody answered
    expect(log.backlog).toBe(3);
    await Promise.all(recorded);
    expect(appends).toEqual([3]);
    expect(answered).toHaveLength(3);
    for (const e of events) expect(journalText(dir)).toContain(e.requestId);
    await log.flush();
    expect(await target.countDocuments({ requestId: { $in: events.map((e) => e.requestId) } })).toBe(3);
    log.close();
  });

  it('refuses new events while the store fails (fail closed), keeps those it accepted, and recovers by itself', async () => {
    const dir = journalDir();
    const target = collection();
    const { state, collection: store } = switchable(target);
    const journal = AuditJournal.open({ dir, fsync });
    const log = createAuditLog(store, { journal, retryDelayMs: 30 });
    state.mode = 'failing';
    const accepted = event();
    await expect(log.record(accepted)).resolves.toBeUndefined();
    await until(() => state.calls >= 1);
    await new Promise((r) => setTimeout(r, 5));
    const refused = event();
    await expect(log.record(refused)).rejects.toThrow(/^audit store unavailable: audit write failed: connection refused/);
    state.mode = 'up';
    await until(async () => (await target.countDocuments({ requestId: accepted.requestId })) === 1);
    const after = event();
    await expect(log.record(after)).resolves.toBeUndefined();
    await log.flush();
    const stored = (await target.find({}).toArray()).map((d) => d.requestId).sort();
    expect(stored).toEqual([accepted.requestId, after.requestId].sort());
    expect(journalText(dir)).not.toContain(refused.requestId);
    journal.close();
  });

  it('ships, after a restart, what a process that stopped without shipping left in its journal', async () => {
    const dir = journalDir();
    const target = collection();
    const { state, collection: store } = switchable(target);
    state.mode = 'failing';
    const crashed = createAuditLog(store, { journal: AuditJournal.open({ dir, fsync }), retryDelayMs: 3_600_000 });
    const events = Array.from({ length: 20 }, () => event());
    await Promise.all(events.map((e) => crashed.record(e))); // all accepted before the first write fails
    await until(() => state.calls >= 1);
    // The process dies here: no flush, no close. A new one opens the same folder.
    const journal = AuditJournal.open({ dir, fsync });
    expect(journal.recovered.map((r) => r.record.requestId).sort()).toEqual(events.map((e) => e.requestId).sort());
    expect(journal.recovered[0]!.record.at).toBeInstanceOf(Date);
    const restarted = createAuditLog(target, { journal });
    await restarted.flush();
    expect((await target.find({}).toArray()).map((d) => d.requestId).sort()).toEqual(events.map((e) => e.requestId).sort());
    expect(restarted.backlog).toBe(0);
    expect(segmentFiles(dir)).toHaveLength(1); // the new, empty segment
    journal.close();
  });

  it('counts events that an earlier, timed-out write stored as shipped, and stores the rest once', async () => {
    const dir = journalDir();
    const target = collection();
    const [landed, lost] = [record(), record()];
    const before = AuditJournal.open({ dir, fsync });
    before.append([landed, lost]);
    before.close();
    await target.insertMany([landed]); // the earlier try landed after its deadline
    const journal = AuditJournal.open({ dir, fsync });
    const log = createAuditLog(target, { journal });
    await log.flush();
    expect(await target.countDocuments({})).toBe(2);
    expect(await target.countDocuments({ _id: landed._id })).toBe(1);
    expect(log.backlog).toBe(0);
    journal.close();
  });

  it('refuses new events when maxBacklog events wait for the store', async () => {
    const { state, collection: store } = switchable(collection());
    state.mode = 'hanging';
    const journal = AuditJournal.open({ dir: journalDir(), fsync });
    const log = createAuditLog(store, { journal, maxBacklog: 3, writeTimeoutMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await expect(log.record(event())).resolves.toBeUndefined();
    await expect(log.record(event())).rejects.toThrow(/audit backlog full: 3 events wait/);
    journal.close();
  });
  it('answers no event before the fsync of its batch, when the journal syncs, and syncs once per batch, never per event', async () => {
    const journal = AuditJournal.open({ dir: journalDir(), fsync });
    const log = createAuditLog(collection(), { journal });
    const syncsWhenAnswered: number[] = [];
    const turn = (count: number) => Promise.all(Array.from({ length: count }, () => log.record(event()).then(() => syncsWhenAnswered.push(journal.syncs))));
    await turn(5);
    await turn(3);
    if (fsync) {
      expect(journal.syncs).toBe(2);
      expect(log.journalSyncs).toBe(2);
      expect(syncsWhenAnswered).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    } else {
      expect(journal.syncs).toBe(0);
      expect(log.journalSyncs).toBeUndefined();
    }
    await log.flush();
    log.close();
  });

  it('shares one fsync among the batches appended while the previous one ran', async () => {
    const journal = AuditJournal.open({ dir: journalDir(), fsync });
    let appends = 0;
    const append = journal.append.bind(journal);
    journal.append = (records) => {
      appends += 1;
      return append(records);
    };
    const log = createAuditLog(collection(), { journal });
    const recorded: Array<Promise<void>> = [];
    for (let turn = 0; turn < 20; turn += 1) {
      for (let i = 0; i < 3; i += 1) recorded.push(log.record(event()));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(recorded);
    expect(appends).toBe(20);
    if (fsync) {
      expect(journal.syncs).toBeGreaterThanOrEqual(1);
      expect(journal.syncs).toBeLessThanOrEqual(20);
    }
    await log.flush();
    log.close();
  });
});

describe('AuditJournal', () => {
  it('starts a new segment past segmentBytes and deletes each one once its events are shipped', () => {
    const dir = journalDir();
    const journal = AuditJournal.open({ dir, segmentBytes: 600 });
    const segments = Array.from({ length: 6 }, () => journal.append([record()]));
    expect(new Set(segments).size).toBeGreaterThan(1);
    expect(segmentFiles(dir).length).toBe(new Set(segments).size);
    for (const s of segments) journal.shipped(s, 1);
    expect(journal.unshipped).toBe(0);
    expect(segmentFiles(dir)).toHaveLength(1);
    expect(statSync(join(dir, segmentFiles(dir)[0]!)).size).toBe(0);
    journal.close();
  });

  it('makes each append durable with one fsync per sync, across segments, and syncs nothing without fsync', async () => {
    const dir = journalDir();
    const journal = AuditJournal.open({ dir, segmentBytes: 600, fsync: true });
    const segments: number[] = [];
    const synced: Array<Promise<void>> = [];
    for (let i = 0; i < 6; i += 1) {
      segments.push(journal.append([record()]));
      synced.push(journal.sync());
    }
    await Promise.all(synced);
    expect(new Set(segments).size).toBeGreaterThan(1); // a sync waited on across a new segment
    expect(journal.syncs).toBeGreaterThanOrEqual(1);
    expect(journal.syncs).toBeLessThanOrEqual(6);
    journal.close();
    const reopened = AuditJournal.open({ dir, fsync: true });
    expect(reopened.recovered).toHaveLength(6);
    reopened.close();

    const unsynced = AuditJournal.open({ dir: journalDir(), fsync: false });
    unsynced.append([record()]);
    await expect(unsynced.sync()).resolves.toBeUndefined();
    expect(unsynced.syncs).toBe(0);
    unsynced.close();
  });

  it('answers the syncs still waiting when it is closed', async () => {
    const journal = AuditJournal.open({ dir: journalDir(), fsync: true });
    journal.append([record()]);
    const first = journal.sync();
    journal.append([record()]);
    const second = journal.sync(); // waits for the first fsync to end
    journal.close();
    await expect(Promise.all([first, second])).resolves.toBeDefined();
    await expect(journal.sync()).rejects.toThrow(/audit journal closed/);
  });

  it('keeps its files readable by their owner only', () => {
    const dir = join(journalDir(), 'journal');
    const journal = AuditJournal.open({ dir });
    journal.append([record()]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of segmentFiles(dir)) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    journal.close();
  });

  it('reads back the whole lines of a segment whose last write was torn, and counts the torn one', () => {
    const dir = journalDir();
    const first = AuditJournal.open({ dir });
    const segment = first.append([record(), record()]);
    first.close();
    appendFileSync(join(dir, `audit-${String(segment).padStart(10, '0')}.jsonl`), '{"_id":"aud_0001","at":"2026-');
    const reopened = AuditJournal.open({ dir });
    expect(reopened.recovered).toHaveLength(2);
    expect(reopened.unreadableLines).toBe(1);
    reopened.close();
  });

  it('refuses a folder that a running process holds, and takes over one whose holder is gone', () => {
    const dir = journalDir();
    writeFileSync(join(dir, 'journal.lock'), String(process.ppid));
    expect(() => AuditJournal.open({ dir })).toThrow(new RegExp(`held by process ${process.ppid}; give each gateway process a journal folder of its own`));
    writeFileSync(join(dir, 'journal.lock'), '999999999');
    const journal = AuditJournal.open({ dir });
    expect(readFileSync(join(dir, 'journal.lock'), 'utf8')).toBe(String(process.pid));
    journal.close();
  });

  it('refuses options that cannot work', () => {
    expect(() => AuditJournal.open({ dir: '' })).toThrow(/AuditJournal: dir is required/);
    expect(() => AuditJournal.open({ dir: journalDir(), segmentBytes: 0 })).toThrow(/AuditJournal: segmentBytes/);
  });
});
