import type { AuditEvent, AuditRecord } from '@confero/directives';
import { auditEventId } from './auditEventId.ts';
import type { AuditLog } from './auditLog.ts';
import { GroupCommitWriter, type AuditCollection, type WriterSettings } from './groupCommitWriter.ts';

interface Waiting {
  readonly record: AuditRecord;
  /** The request waiting for the event to be stored. */
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Store mode (the default): each request waits for the write that carries its event. Fail
 * closed: a failed write — or one that has not answered within `writeTimeoutMs` — rejects every
 * event it carried. A write that answers after its deadline may still have stored its events:
 * the trail can then hold an event for a response that was withheld, never the other way round.
 */
export class StoreAuditLog extends GroupCommitWriter<Waiting> implements AuditLog {
  constructor(collection: AuditCollection, settings: WriterSettings) {
    super(collection, settings);
  }

  /** Resolves once the event is written to the store; rejects when it could not be. */
  record(event: AuditEvent): Promise<void> {
    const record: AuditRecord = { ...event, _id: auditEventId(event.at) };
    return new Promise((resolve, reject) => {
      this.enqueue({ record, resolve, reject });
    });
  }

  get journalSyncs(): undefined {
    return undefined;
  }

  /** Events waiting for a write. */
  get backlog(): number {
    return this.pending.length;
  }

  async flush(): Promise<void> {
    this.startWrites();
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      this.startWrites();
    }
  }

  close(): void {
    this.cancelScheduledWrite();
  }

  protected stored(batch: Waiting[]): void {
    for (const p of batch) p.resolve();
  }

  protected failed(batch: Waiting[], error: Error): void {
    for (const p of batch) p.reject(error);
  }

  protected afterWrite(): void {
    this.startWrites();
  }
}
