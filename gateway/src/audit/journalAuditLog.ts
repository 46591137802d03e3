import type { AuditEvent, AuditRecord } from '@confero/directives';
import { auditEventId } from './auditEventId.ts';
import type { AuditJournal } from './auditJournal.ts';
import type { AuditLog } from './auditLog.ts';
import { GroupCommitWriter, type AuditCollection, type WriterSettings } from './groupCommitWriter.ts';

interface Journaled {
  readonly record: AuditRecord;
  /** The journal segment that holds the event. */
  readonly segment: number;
}

interface Appending {
  readonly record: AuditRecord;
  resolve(): void;
  reject(err: Error): void;
}

/** What a journal log needs beyond the writer's settings. */
export interface JournalSettings {
  readonly maxBacklog: number;
  readonly retryDelayMs: number;
}

/**
 * Journal mode: a request waits only for the local journal append (and, if the journal syncs,
 * for the one `fsync` that makes its batch durable). Writes that fail are retried (a retry that
 * meets events stored by an earlier, timed-out try skips them); while the store is failing, or
 * too many events wait, new events are refused — fail closed — and events accepted before stay
 * in the journal until they are stored, across restarts.
 */
export class JournalAuditLog extends GroupCommitWriter<Journaled> implements AuditLog {
  /** Events recorded in this turn of the event loop, waiting for their append. */
  private appending: Appending[] = [];
  /** Why the last write failed, until one succeeds. */
  private failing: Error | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    collection: AuditCollection,
    private readonly journal: AuditJournal,
    settings: WriterSettings,
    private readonly journalSettings: JournalSettings,
  ) {
    super(collection, settings);
    if (journal.recovered.length > 0) {
      for (const { record, segment } of journal.recovered) this.pending.push({ record, segment });
      this.startWrites();
    }
  }

  /**
   * Resolves once the event is in the journal (appended with every event recorded in the same
   * turn of the event loop, in one write); rejects while the store is failing or the backlog is full.
   */
  record(event: AuditEvent): Promise<void> {
    const record: AuditRecord = { ...event, _id: auditEventId(event.at) };
    if (this.failing) return Promise.reject(new Error(`audit store unavailable: ${this.failing.message}`));
    const waiting = this.journal.unshipped + this.appending.length;
    if (waiting >= this.journalSettings.maxBacklog) return Promise.reject(new Error(`audit backlog full: ${waiting} events wait for the store`));
    return new Promise((resolve, reject) => {
      this.appending.push({ record, resolve, reject });
      if (this.appending.length === 1) setImmediate(() => this.appendToJournal());
    });
  }

  /** With `fsync`: how many fsyncs released responses (one per batch of appends). Otherwise undefined. */
  get journalSyncs(): number | undefined {
    return this.journal.fsync ? this.journal.syncs : undefined;
  }

  /** Events accepted and not yet stored. */
  get backlog(): number {
    return this.journal.unshipped + this.appending.length;
  }

  /** Writes everything pending and waits until no write is under way; stops at the first failed write: what is left stays in the journal for the next start. */
  async flush(): Promise<void> {
    this.stopRetrying();
    this.failing = undefined;
    this.appendToJournal();
    this.startWrites();
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      if (this.failing) break;
      this.startWrites();
    }
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.stopRetrying();
  }

  /** Stops retrying and closes the journal (what it holds stays for the next start). */
  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.cancelScheduledWrite();
    this.retry = undefined;
    this.appendToJournal(); // recorded since the flush: kept for the next start
    this.journal.close();
  }

  protected override holding(): boolean {
    return this.retry !== undefined; // a failed write's retry will carry it
  }

  protected stored(batch: Journaled[]): void {
    this.failing = undefined;
    for (const p of batch) this.journal.shipped(p.segment, 1);
  }

  protected failed(batch: Journaled[], error: Error): void {
    this.failing = error;
    this.pending.unshift(...batch);
  }

  protected afterWrite(ok: boolean): void {
    if (ok) this.scheduleWrite(); // no response waits: let the next batch gather
    else if (!this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.startWrites();
      }, this.journalSettings.retryDelayMs);
      this.retry.unref(); // what is left waits in the journal; it does not keep the process up
    }
  }

  private stopRetrying(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }

  /**
   * Appends the events recorded during one turn of the event loop with one write (a group
   * commit to the local disk: one system call instead of one per event), then lets their
   * responses go — with a journal that syncs, once one `fsync` has made the batch durable.
   */
  private appendToJournal(): void {
    const batch = this.appending;
    if (batch.length === 0) return;
    this.appending = [];
    let segment: number;
    try {
      segment = this.journal.append(batch.map((a) => a.record));
    } catch (err) {
      for (const a of batch) a.reject(err as Error);
      return;
    }
    for (const a of batch) this.enqueue({ record: a.record, segment });
    if (!this.journal.fsync) {
      for (const a of batch) a.resolve();
      return;
    }
    // One fsync for the batch (shared with the batches appended while the previous one ran).
    this.journal.sync().then(
      () => {
        for (const a of batch) a.resolve();
      },
      (err: Error) => {
        for (const a of batch) a.reject(err);
      },
    );
  }
}
