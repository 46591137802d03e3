import type { AuditEvent } from '@confero/directives';
import type { AuditLogOptions } from './auditLogOptions.ts';
import type { AuditCollection } from './groupCommitWriter.ts';
import { JournalAuditLog } from './journalAuditLog.ts';
import { StoreAuditLog } from './storeAuditLog.ts';

export type { AuditEvent, AuditRecord } from '@confero/directives';
export type { AuditLogOptions } from './auditLogOptions.ts';
export type { AuditCollection } from './groupCommitWriter.ts';

/** Name of the audit collection in the audit store. */
export const AUDIT_COLLECTION = 'audit_events';

/**
 * The append-only audit trail: every response that carries personal data records one event
 * before it leaves. Two implementations, chosen by {@link createAuditLog}: `StoreAuditLog`
 * (each response waits for the store's acknowledgment) and `JournalAuditLog` (each response
 * waits for the local journal; the journal is shipped to the store behind it).
 */
export interface AuditLog {
  /** Resolves once the event is as safe as the mode promises; rejects (fail closed) when it cannot be. */
  record(event: AuditEvent): Promise<void>;
  /** Journal mode with `fsync`: how many fsyncs released responses. Otherwise undefined. */
  readonly journalSyncs: number | undefined;
  /** Events not yet stored (journal mode: accepted; store mode: waiting for a write). */
  readonly backlog: number;
  /** Writes everything pending and waits until no write is under way (journal mode: stops at the first failed write). */
  flush(): Promise<void>;
  /** Stops timers and closes the journal, if any. Call after {@link flush}. */
  close(): void;
}

/**
 * The audit log over `collection`: journal mode with `options.journal`, store mode without.
 * Writes are grouped (`insertMany`); the options are validated here, naming `AuditLog`.
 */
export function createAuditLog(collection: AuditCollection, options: AuditLogOptions = {}): AuditLog {
  const journaled = options.journal !== undefined;
  const { maxBatch = 500, maxDelayMs = journaled ? 100 : 0, writeTimeoutMs = 5000, maxConcurrentWrites = journaled ? 1 : 2, maxBacklog = 50_000, retryDelayMs = 1000 } = options;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`AuditLog: maxBatch must be a positive integer, got ${maxBatch}`);
  if (!(maxDelayMs >= 0)) throw new Error(`AuditLog: maxDelayMs must be 0 or more, got ${maxDelayMs}`);
  if (!(writeTimeoutMs > 0)) throw new Error(`AuditLog: writeTimeoutMs must be positive, got ${writeTimeoutMs}`);
  if (!Number.isInteger(maxConcurrentWrites) || maxConcurrentWrites < 1) {
    throw new Error(`AuditLog: maxConcurrentWrites must be a positive integer, got ${maxConcurrentWrites}`);
  }
  if (!Number.isInteger(maxBacklog) || maxBacklog < 1) throw new Error(`AuditLog: maxBacklog must be a positive integer, got ${maxBacklog}`);
  if (!(retryDelayMs >= 0)) throw new Error(`AuditLog: retryDelayMs must be 0 or more, got ${retryDelayMs}`);
  const settings = { maxBatch, maxDelayMs, writeTimeoutMs, maxConcurrentWrites, onWrite: options.onWrite ?? noWrite, rewrites: journaled };
  return options.journal ? new JournalAuditLog(collection, options.journal, settings, { maxBacklog, retryDelayMs }) : new StoreAuditLog(collection, settings);
}

const noWrite = (): void => {};
