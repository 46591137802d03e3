import type { mongo } from 'mongoose';
import type { AuditEvent, AuditRecord } from '@confero/directives';
import { auditEventId } from './auditEventId.ts';

export type { AuditEvent, AuditRecord } from '@confero/directives';

/** The audit collection, as far as the log uses it: it only ever appends. */
export type AuditCollection = Pick<mongo.Collection<AuditRecord>, 'insertMany'>;

/** Name of the audit collection in the audit store. */
export const AUDIT_COLLECTION = 'audit_events';

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** Most events written in one insert. Default 500. */
  maxBatch?: number;
  /**
   * How long the first event of a batch waits for company, in ms. Default 0: the write starts
   * on the next turn of the event loop with every event recorded meanwhile; under load, batches
   * form anyway while the previous write is under way, so a longer wait only adds latency to
   * every audited response (2 ms halved the audited throughput at 8 concurrent requests).
   */
  maxDelayMs?: number;
  /** How long one write may take before it counts as failed, in ms. Default 5000. */
  writeTimeoutMs?: number;
  /**
   * Most writes under way at once. Default 1: events that arrive during a write go together in
   * the next one, so batches grow with the load instead of the writes multiplying.
   */
  maxConcurrentWrites?: number;
}

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Append-only audit trail in a MongoDB collection, with group commit: events wait (at most
 * `maxDelayMs`, or while the previous write is under way) to be written together in one
 * `insertMany`, and each request waits for the write that carries its event. So under load
 * there are few, large writes rather than many small ones that contend for the store.
 *
 * Fail closed: a failed write — or one that has not answered within `writeTimeoutMs` —
 * rejects every event it carried. A request waits for the writes ahead of its event, then for
 * its own, each bounded by `writeTimeoutMs`. A write that answers after its deadline may still have
 * stored its events: the trail can then hold an event for a response that was withheld,
 * never the other way round.
 */
export class AuditLog {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly writeTimeoutMs: number;
  private readonly maxConcurrentWrites: number;

  constructor(
    private readonly collection: AuditCollection,
    options: AuditLogOptions = {},
  ) {
    const { maxBatch = 500, maxDelayMs = 0, writeTimeoutMs = 5000, maxConcurrentWrites = 1 } = options;
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
  }

  /** Resolves once the event is durably written; rejects when it could not be. */
  record(event: AuditEvent): Promise<void> {
    const record: AuditRecord = { ...event, _id: auditEventId(event.at) };
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.startWrites();
      else if (this.inFlight.size < this.maxConcurrentWrites) this.timer ??= setTimeout(() => this.startWrites(), this.maxDelayMs);
      // Otherwise the next write to finish starts the one that carries this event.
    });
  }

  /** Writes everything pending and waits until no write is under way. */
  async flush(): Promise<void> {
    this.startWrites();
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      this.startWrites();
    }
  }

  /** Starts writes for the pending events, as many as `maxConcurrentWrites` allows. */
  private startWrites(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0 && this.inFlight.size < this.maxConcurrentWrites) {
      const batch = this.pending.splice(0, this.maxBatch);
      const write = this.write(batch).finally(() => {
        this.inFlight.delete(write);
        this.startWrites();
      });
      this.inFlight.add(write);
    }
  }

  /** One `insertMany`; settles every event of the batch, and never rejects itself. */
  private async write(batch: Pending[]): Promise<void> {
    let deadline: NodeJS.Timeout | undefined;
    try {
      const insert = this.collection.insertMany(
        batch.map((p) => p.record),
        { ordered: true, timeoutMS: this.writeTimeoutMs } as Parameters<AuditCollection['insertMany']>[1],
      );
      // The driver's timeoutMS does not cover every wait (mongoose buffers commands while it
      // reconnects), so the log keeps its own deadline.
      const timedOut = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`no answer within ${this.writeTimeoutMs} ms`)), this.writeTimeoutMs);
      });
      await Promise.race([insert, timedOut]);
      for (const p of batch) p.resolve();
    } catch (err) {
      const error = new Error(`audit write failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(error);
    } finally {
      clearTimeout(deadline);
    }
  }
}
