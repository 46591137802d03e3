import type { mongo } from 'mongoose';
import type { AuditRecord } from './auditLog.ts';

/**
 * The indexes of the audit collection, for the trail's reads: by data subject and by request.
 * None by time: the reads list newest first by `_id`, which sorts in time order.
 */
export const AUDIT_INDEXES: ReadonlyArray<{ key: Record<string, 1 | -1>; name: string }> = [
  { key: { subjectIds: 1 }, name: 'subjectIds_1' },
  { key: { requestId: 1 }, name: 'requestId_1' },
];

/**
 * Indexes earlier versions made on the audit collection that this version no longer makes
 * (`shopperIds_1` served the data subjects of events written before `subjectIds`; where indexes
 * serve reads it is left in place, for those old events).
 */
const RETIRED_INDEXES = ['at_-1', 'shopperIds_1'];

/** The audit store's `buildInfo`, as far as indexing goes. */
export interface AuditStoreBuild {
  /** The MongoDB version the store is or speaks as. */
  version?: unknown;
  /** Set by FerretDB (e.g. `v1.24.2`). */
  ferretdbVersion?: unknown;
}

/**
 * Whether secondary indexes serve the trail's reads on this store. Not on FerretDB 1.x: with
 * SQLite it uses an index only to look up `_id`, and with PostgreSQL it filters with JSON
 * containment (`@>`), which its b-tree expression indexes do not serve. There every index only
 * costs each write: with the three indexes of earlier versions, FerretDB (SQLite) spent a
 * quarter to a half more CPU per stored event than with none.
 */
export function secondaryIndexesServeReads(build: AuditStoreBuild): boolean {
  return !(typeof build.ferretdbVersion === 'string' && /^v?1\./.test(build.ferretdbVersion));
}

/** What {@link ensureAuditIndexes} did. */
export interface AuditIndexing {
  /** Indexes of {@link AUDIT_INDEXES} the collection has now. */
  indexed: string[];
  /** Indexes this or an earlier version made, dropped because they served no read on this store. */
  dropped: string[];
}

/**
 * Gives the audit collection the indexes that serve its reads on this store (idempotent; run at
 * start-up): where they serve reads, creates those that are missing; where they do not, drops
 * the ones this or an earlier version made. One `createIndex` each: FerretDB 1.24 drops the
 * connection when one `createIndexes` names several indexes that already exist.
 */
export async function ensureAuditIndexes(
  collection: Pick<mongo.Collection<AuditRecord>, 'createIndex' | 'dropIndex' | 'indexes'>,
  build: AuditStoreBuild,
): Promise<AuditIndexing> {
  if (secondaryIndexesServeReads(build)) {
    // A retired index is left to the operator here: an ad hoc query may use it.
    for (const { key, name } of AUDIT_INDEXES) await collection.createIndex(key, { name });
    return { indexed: AUDIT_INDEXES.map((i) => i.name), dropped: [] };
  }
  const ours = new Set([...AUDIT_INDEXES.map((i) => i.name), ...RETIRED_INDEXES]);
  // A collection that does not exist yet has no indexes (MongoDB answers NamespaceNotFound).
  const existing = await collection.indexes().catch((err: { code?: number }) => {
    if (err.code === 26) return [];
    throw err;
  });
  const dropped: string[] = [];
  for (const { name } of existing) {
    if (name === undefined || !ours.has(name)) continue;
    await collection.dropIndex(name);
    dropped.push(name);
  }
  return { indexed: [], dropped };
}
