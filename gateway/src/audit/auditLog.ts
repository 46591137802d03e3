import type { mongo } from 'mongoose';

type Collection<T extends mongo.Document> = mongo.Collection<T>;

/** One access to personal data, written before the response that carries it leaves. */
export interface AuditEvent {
  at: Date;
  requestId: string;
  subject: string;
  role: string;
  purpose: string | null;
  operationName: string | null;
  /** Schema coordinates of the PII fields returned (allowed or masked). */
  fields: string[];
  categories: string[];
  /** Ids of the shoppers whose personal data was returned. */
  shopperIds: string[];
  decisions: { allowed: number; masked: number; withheld: number };
  policyVersion: string;
}

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** Most events written in one insert. Default 500. */
  maxBatch?: number;
  /** How long the first event of a batch waits for company, in ms. Default 2. */
  maxDelayMs?: number;
  /** How long one write may take before it counts as failed, in ms. Default 2000. */
  writeTimeoutMs?: number;
}

interface Pending {
  event: AuditEvent;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Append-only audit trail in a MongoDB collection, with group commit: concurrent requests'
 * events are written in one `insertMany`, and each request waits for the write that carries
 * its event. A failed write rejects every waiting request (fail closed).
 */
export class AuditLog {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly writeTimeoutMs: number;

  constructor(
    private readonly collection: Collection<AuditEvent>,
    options: AuditLogOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 2;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 2000;
  }

  /** Resolves once the event is durably written; rejects when it could not be. */
  record(event: AuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.maxDelayMs);
    });
  }

  /** Writes everything pending and waits for all writes under way. */
  async flush(): Promise<void> {
    this.flushNow();
    await Promise.allSettled([...this.inFlight]);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const write = this.write(batch).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((p) => ({ ...p.event })),
        { ordered: true, timeoutMS: this.writeTimeoutMs } as Parameters<Collection<AuditEvent>['insertMany']>[1],
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      const error = new Error(`audit write failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(error);
    }
  }
}
