import type { mongo } from 'mongoose';
import type { AuditRecord } from './auditLog.ts';

/** The indexes of the audit collection: by time, by data subject, by request. */
export const AUDIT_INDEXES: ReadonlyArray<{ key: Record<string, 1 | -1>; name: string }> = [
  { key: { at: -1 }, name: 'at_-1' },
  { key: { shopperIds: 1 }, name: 'shopperIds_1' },
  { key: { requestId: 1 }, name: 'requestId_1' },
];

/**
 * Creates the audit collection's indexes where they are missing (idempotent; run at start-up).
 * One `createIndex` each: FerretDB 1.24 drops the connection when one `createIndexes` names
 * several indexes that already exist.
 */
export async function ensureAuditIndexes(collection: Pick<mongo.Collection<AuditRecord>, 'createIndex'>): Promise<void> {
  for (const { key, name } of AUDIT_INDEXES) await collection.createIndex(key, { name });
}
