import type { mongo } from 'mongoose';
import type { AuditRecord } from '@confero/directives';
import type { AuditLogOptions } from './auditLogOptions.ts';

/** The audit collection, as far as the log uses it: it only ever appends. */
export type AuditCollection = Pick<mongo.Collection<AuditRecord>, 'insertMany'>;

/** How a writer batches and writes (the log's options, with the mode's defaults filled in). */
export interface WriterSettings {
  readonly maxBatch: number;
  readonly maxDelayMs: number;
  readonly writeTimeoutMs: number;
  readonly maxConcurrentWrites: number;
  readonly onWrite: NonNullable<AuditLogOptions['onWrite']>;
  /** The store may already hold some events of a batch (an earlier try timed out but landed): write unordered and count duplicates as stored. */
  readonly rewrites: boolean;
}

/**
 * Group commit to the audit store, shared by both kinds of audit log: events wait (at most
 * `maxDelayMs`, or while `maxConcurrentWrites` writes are under way) to be written together in
 * one `insertMany`. So under load there are few, large writes rather than many small ones that
 * contend for the store. What a stored or failed batch means is the log's: {@link stored},
 * {@link failed}, {@link afterWrite}.
 */
export abstract class GroupCommitWriter<P extends { readonly record: AuditRecord }> {
  protected pending: P[] = [];
  protected readonly inFlight = new Set<Promise<void>>();
  /** Cancels the write {@link scheduleWrite} has set to start, if any. */
  private cancelScheduled: (() => void) | undefined;

  constructor(
    private readonly collection: AuditCollection,
    protected readonly settings: WriterSettings,
  ) {}

  /** The batch was stored. */
  protected abstract stored(batch: P[]): void;
  /** The batch could not be stored. */
  protected abstract failed(batch: P[], error: Error): void;
  /** A write ended (after {@link stored} or {@link failed}): start, schedule or hold the next. */
  protected abstract afterWrite(ok: boolean): void;
  /** True while new events must wait for a write already due (a retry) rather than schedule one. */
  protected holding(): boolean {
    return false;
  }

  protected enqueue(pending: P): void {
    this.pending.push(pending);
    if (this.holding()) return;
    this.scheduleWrite();
  }

  /** Starts a write now if a batch is full, else once `maxDelayMs` has passed (unless one is under way already). */
  protected scheduleWrite(): void {
    if (this.pending.length === 0) return;
    if (this.pending.length >= this.settings.maxBatch) this.startWrites();
    else if (this.inFlight.size < this.settings.maxConcurrentWrites && !this.cancelScheduled) {
      // 0 ms: once this turn of the event loop has run (a 0 ms timer would wait at least 1 ms).
      if (this.settings.maxDelayMs === 0) {
        const immediate = setImmediate(() => this.startWrites());
        this.cancelScheduled = () => clearImmediate(immediate);
      } else {
        const timer = setTimeout(() => this.startWrites(), this.settings.maxDelayMs);
        this.cancelScheduled = () => clearTimeout(timer);
      }
    }
    // Otherwise the next write to finish starts the one that carries this event.
  }

  protected cancelScheduledWrite(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
  }

  /** Starts writes for the pending events, as many as `maxConcurrentWrites` allows. */
  protected startWrites(): void {
    this.cancelScheduledWrite();
    while (this.pending.length > 0 && this.inFlight.size < this.settings.maxConcurrentWrites) {
      const batch = this.pending.splice(0, this.settings.maxBatch);
      const write = this.write(batch).then((ok) => {
        this.inFlight.delete(write);
        this.afterWrite(ok);
      });
      this.inFlight.add(write);
    }
  }

  /** One `insertMany`; never rejects: settles the batch through {@link stored} or {@link failed}. */
  private async write(batch: P[]): Promise<boolean> {
    const { writeTimeoutMs, rewrites, onWrite } = this.settings;
    const started = performance.now();
    let deadline: NodeJS.Timeout | undefined;
    try {
      const insert = this.collection.insertMany(
        batch.map((p) => p.record),
        // A log that may write an event again (its earlier try timed out but landed) writes
        // unordered, so the others still go in, and duplicates count as stored.
        { ordered: !rewrites, timeoutMS: writeTimeoutMs } as Parameters<AuditCollection['insertMany']>[1],
      );
      // The driver's timeoutMS does not cover every wait (mongoose buffers commands while it
      // reconnects), so the log keeps its own deadline.
      const timedOut = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`no answer within ${writeTimeoutMs} ms`)), writeTimeoutMs);
      });
      await Promise.race([insert, timedOut]).catch((err: unknown) => {
        if (!rewrites || !onlyDuplicates(err)) throw err;
      });
      onWrite((performance.now() - started) / 1000, true, batch.length);
      this.stored(batch);
      return true;
    } catch (err) {
      onWrite((performance.now() - started) / 1000, false, batch.length);
      this.failed(batch, new Error(`audit write failed: ${(err as Error).message}`));
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
