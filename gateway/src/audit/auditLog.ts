import type { mongo } from 'mongoose';
import type { AuditEvent, AuditRecord } from '@confero/directives';
import { auditEventId } from './auditEventId.ts';
import type { AuditJournal } from './auditJournal.ts';
import type { AuditLogOptions } from './auditLogOptions.ts';

export type { AuditEvent, AuditRecord } from '@confero/directives';
export type { AuditLogOptions } from './auditLogOptions.ts';

/** The audit collection, as far as the log uses it: it only ever appends. */
export type AuditCollection = Pick<mongo.Collection<AuditRecord>, 'insertMany'>;

/** Name of the audit collection in the audit store. */
export const AUDIT_COLLECTION = 'audit_events';

interface Pending {
  record: AuditRecord;
  /** Journal mode: the journal segment that holds the event. */
  segment?: number;
  /** Store mode: the request waiting for the event to be stored. */
  resolve?: () => void;
  reject?: (err: Error) => void;
}

const noWrite = (): void => {};

/**
 * Append-only audit trail in a MongoDB collection, with group commit: events wait (at most
 * `maxDelayMs`, or while `maxConcurrentWrites` writes are under way) to be written together in
 * one `insertMany`. So under load there are few, large writes rather than many small ones that
 * contend for the store.
 *
 * Store mode (the default): each request waits for the write that carries its event. Fail
 * closed: a failed write — or one that has not answered within `writeTimeoutMs` — rejects every
 * event it carried. A write that answers after its deadline may still have stored its events:
 * the trail can then hold an event for a response that was withheld, never the other way round.
 *
 * Journal mode (`journal` set): a request waits only for the local journal append (and, if the
 * journal syncs, for the one `fsync` that makes its batch durable). Writes that
 * fail are retried (a retry that meets events stored by an earlier, timed-out try skips them);
 * while the store is failing, or too many events wait, new events are refused — fail closed —
 * and events accepted before stay in the journal until they are stored, across restarts.
 */
export class AuditLog {
  private pending: Pending[] = [];
  /** Journal mode: events recorded in this turn of the event loop, waiting for their append. */
  private appending: Array<{ record: AuditRecord; resolve: () => void; reject: (err: Error) => void }> = [];
  /** Cancels the write {@link scheduleWrite} has set to start, if any. */
  private cancelScheduled: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly writeTimeoutMs: number;
  private readonly maxConcurrentWrites: number;
  private readonly journal: AuditJournal | undefined;
  private readonly maxBacklog: number;
  private readonly retryDelayMs: number;
  private readonly onWrite: NonNullable<AuditLogOptions['onWrite']>;
  /** Journal mode: why the last write failed, until one succeeds. */
  private failing: Error | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly collection: AuditCollection,
    options: AuditLogOptions = {},
  ) {
    const { maxBatch = 500, maxDelayMs = options.journal ? 100 : 0, writeTimeoutMs = 5000, maxConcurrentWrites = options.journal ? 1 : 2, journal, maxBacklog = 50_000, retryDelayMs = 1000 } = options;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`AuditLog: maxBatch must be a positive integer, got ${maxBatch}`);
    if (!(maxDelayMs >= 0)) throw new Error(`AuditLog: maxDelayMs must be 0 or more, got ${maxDelayMs}`);
    if (!(writeTimeoutMs > 0)) throw new Error(`AuditLog: writeTimeoutMs must be positive, got ${writeTimeoutMs}`);
    if (!Number.isInteger(maxConcurrentWrites) || maxConcurrentWrites < 1) {
      throw new Error(`AuditLog: maxConcurrentWrites must be a positive integer, got ${maxConcurrentWrites}`);
    }
    this.maxBatch = maxBatch;
    this.maxDelayMs = maxDelayMs;
    this.writeTimeoutMs = writeTimeoutMs;
    this.maxConcurrentWrites = maxConcurrentWrites;
    if (!Number.isInteger(maxBacklog) || maxBacklog < 1) throw new Error(`AuditLog: maxBacklog must be a positive integer, got ${maxBacklog}`);
    if (!(retryDelayMs >= 0)) throw new Error(`AuditLog: retryDelayMs must be 0 or more, got ${retryDelayMs}`);
    this.journal = journal;
    this.maxBacklog = maxBacklog;
    this.retryDelayMs = retryDelayMs;
    this.onWrite = options.onWrite ?? noWrite;
    if (journal && journal.recovered.length > 0) {
      for (const { record, segment } of journal.recovered) this.pending.push({ record, segment });
      this.startWrites();
    }
  }

  /**
   * Store mode: resolves once the event is written to the store; rejects when it could not be.
   * Journal mode: resolves once the event is in the journal (appended with every event recorded in
   * the same turn of the event loop, in one write); rejects while the store is failing
   * or the backlog is full.
   */
  record(event: AuditEvent): Promise<void> {
    const record: AuditRecord = { ...event, _id: auditEventId(event.at) };
    if (this.journal) return this.journalEvent(record, this.journal);
    return new Promise((resolve, reject) => {
      this.enqueue({ record, resolve, reject });
    });
  }

  /** Journal mode with `fsync`: how many fsyncs released responses (one per batch of appends). Otherwise undefined. */
  get journalSyncs(): number | undefined {
    return this.journal?.fsync ? this.journal.syncs : undefined;
  }

  /** Journal mode: events accepted and not yet stored. Store mode: events waiting for a write. */
  get backlog(): number {
    return this.journal ? this.journal.unshipped + this.appending.length : this.pending.length;
  }

  /**
   * Writes everything pending and waits until no write is under way. In journal mode it stops
   * at the first failed write: what is left stays in the journal for the next start.
   */
  async flush(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.failing = undefined;
    if (this.journal) this.appendToJournal(this.journal);
    this.startWrites();
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      if (this.failing) break;
      this.startWrites();
    }
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }

  /** Stops retrying and closes the journal (what it holds stays for the next start). Call after {@link flush}. */
  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.cancelScheduledWrite();
    this.retry = undefined;
    if (this.journal) {
      this.appendToJournal(this.journal); // recorded since the flush: kept for the next start
      this.journal.close();
    }
  }

  private journalEvent(record: AuditRecord, journal: AuditJournal): Promise<void> {
    if (this.failing) return Promise.reject(new Error(`audit store unavailable: ${this.failing.message}`));
    const waiting = journal.unshipped + this.appending.length;
    if (waiting >= this.maxBacklog) return Promise.reject(new Error(`audit backlog full: ${waiting} events wait for the store`));
    return new Promise((resolve, reject) => {
      this.appending.push({ record, resolve, reject });
      if (this.appending.length === 1) setImmediate(() => this.appendToJournal(journal));
    });
  }

  /**
   * Journal mode: appends the events recorded during one turn of the event loop with one write
   * (a group commit to the local disk: one system call instead of one per event), then lets
   * their responses go — with a journal that syncs, once one `fsync` has made the batch durable.
   */
  private appendToJournal(journal: AuditJournal): void {
    const batch = this.appending;
    if (batch.length === 0) return;
    this.appending = [];
    let segment: number;
    try {
      segment = journal.append(batch.map((a) => a.record));
    } catch (err) {
      for (const a of batch) a.reject(err as Error);
      return;
    }
    for (const a of batch) this.enqueue({ record: a.record, segment });
    if (!journal.fsync) {
      for (const a of batch) a.resolve();
      return;
    }
    // One fsync for the batch (shared with the batches appended while the previous one ran).
    journal.sync().then(
      () => {
        for (const a of batch) a.resolve();
      },
      (err: Error) => {
        for (const a of batch) a.reject(err);
      },
    );
  }

  private enqueue(pending: Pending): void {
    this.pending.push(pending);
    if (this.retry) return; // a failed write's retry will carry it
    this.scheduleWrite();
  }

  /** Starts a write now if a batch is full, else once `maxDelayMs` has passed (unless one is under way already). */
  private scheduleWrite(): void {
    if (this.pending.length === 0) return;
    if (this.pending.length >= this.maxBatch) this.startWrites();
    else if (this.inFlight.size < this.maxConcurrentWrites && !this.cancelScheduled) {
      // 0 ms: once this turn of the event loop has run (a 0 ms timer would wait at least 1 ms).
      if (this.maxDelayMs === 0) {
        const immediate = setImmediate(() => this.startWrites());
        this.cancelScheduled = () => clearImmediate(immediate);
      } else {
        const timer = setTimeout(() => this.startWrites(), this.maxDelayMs);
        this.cancelScheduled = () => clearTimeout(timer);
      }
    }
    // Otherwise the next write to finish starts the one that carries this event.
  }

  private cancelScheduledWrite(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
  }

  /** Starts writes for the pending events, as many as `maxConcurrentWrites` allows. */
  private startWrites(): void {
    this.cancelScheduledWrite();
    while (this.pending.length > 0 && this.inFlight.size < this.maxConcurrentWrites) {
      const batch = this.pending.splice(0, this.maxBatch);
      const write = this.write(batch).then((ok) => {
        this.inFlight.delete(write);
        if (!this.journal) this.startWrites();
        else if (ok) this.scheduleWrite(); // no response waits: let the next batch gather
        else if (!this.retry) {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.startWrites();
          }, this.retryDelayMs);
          this.retry.unref(); // what is left waits in the journal; it does not keep the process up
        }
      });
      this.inFlight.add(write);
    }
  }

  /**
   * One `insertMany`; never rejects. Store mode: settles every event of the batch. Journal mode:
   * on success marks the events shipped; on failure puts them back at the head of the queue.
   */
  private async write(batch: Pending[]): Promise<boolean> {
    const started = performance.now();
    let deadline: NodeJS.Timeout | undefined;
    try {
      const insert = this.collection.insertMany(
        batch.map((p) => p.record),
        // Journal mode may write an event again (its earlier try timed out but landed): unordered,
        // so the others still go in, and duplicates count as stored.
        { ordered: !this.journal, timeoutMS: this.writeTimeoutMs } as Parameters<AuditCollection['insertMany']>[1],
      );
      // The driver's timeoutMS does not cover every wait (mongoose buffers commands while it
      // reconnects), so the log keeps its own deadline.
      const timedOut = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`no answer within ${this.writeTimeoutMs} ms`)), this.writeTimeoutMs);
      });
      await Promise.race([insert, timedOut]).catch((err: unknown) => {
        if (!this.journal || !onlyDuplicates(err)) throw err;
      });
      this.onWrite((performance.now() - started) / 1000, true, batch.length);
      if (this.journal) {
        this.failing = undefined;
        for (const p of batch) this.journal.shipped(p.segment!, 1);
      } else for (const p of batch) p.resolve!();
      return true;
    } catch (err) {
      this.onWrite((performance.now() - started) / 1000, false, batch.length);
      const error = new Error(`audit write failed: ${(err as Error).message}`);
      if (this.journal) {
        this.failing = error;
        this.pending.unshift(...batch);
      } else for (const p of batch) p.reject!(error);
      return false;
    } finally {
      clearTimeout(deadline);
    }
  }
}

/** True when every error of a bulk write is a duplicate key: the events were stored before. */
function onlyDuplicates(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0) return (err as { code?: number }).code === 11000;
  return list.every((e) => (e as { code?: number }).code === 11000);
}
