import type { AuditJournal } from './auditJournal.ts';

/** Options of `createAuditLog`. */
export interface AuditLogOptions {
  /** Most events written in one insert. Default 500. */
  maxBatch?: number;
  /**
   * How long the first event of a batch waits for company, in ms. Default 0 in store mode: the
   * write starts once the current turn of the event loop has run (`setImmediate`; a 0 ms timer
   * would wait at least 1 ms), with every event recorded in it; under load, batches form anyway
   * while earlier writes are under way, so a longer wait only adds latency to every audited
   * response (2 ms halved the audited throughput at 8 concurrent requests). Default 100 in
   * journal mode, where no response waits for the write: fewer, larger writes cost the gateway
   * less CPU.
   */
  maxDelayMs?: number;
  /** How long one write may take before it counts as failed, in ms. Default 5000. */
  writeTimeoutMs?: number;
  /**
   * Most writes under way at once. Default 2 in store mode: an event that arrives during a write
   * starts its own at once instead of waiting for that one to end (responses wait for their
   * write); beyond that, events go together in the next write, so batches grow with the load
   * instead of the writes multiplying. Default 1 in journal mode, where no response waits.
   */
  maxConcurrentWrites?: number;
  /**
   * Journal mode: a response waits only for its event to be appended to this local journal
   * (and, with the journal's `fsync`, for the one fsync of its batch); the log ships the journal to the store behind it, retrying, and fails closed (rejects new
   * events) while the store is failing or `maxBacklog` events wait. Default: none — each
   * response waits until the store has acknowledged its event.
   */
  journal?: AuditJournal;
  /** Journal mode: most events waiting to be shipped before new ones are refused. Default 50000. */
  maxBacklog?: number;
  /** Journal mode: wait after a failed write before the next try, in ms. Default 1000. */
  retryDelayMs?: number;
  /** Told about every write to the store: how long it took, whether it succeeded, how many events it carried. */
  onWrite?(seconds: number, ok: boolean, events: number): void;
}
