export { AUDIT_COLLECTION, createAuditLog } from './auditLog.ts';
export type { AuditEvent, AuditRecord, AuditCollection, AuditLog, AuditLogOptions } from './auditLog.ts';
export { auditEventId, AUDIT_EVENT_ID_PREFIX } from './auditEventId.ts';
export { ensureAuditIndexes, secondaryIndexesServeReads, AUDIT_INDEXES } from './ensureAuditIndexes.ts';
export type { AuditIndexing, AuditStoreBuild } from './ensureAuditIndexes.ts';
export { AuditJournal } from './auditJournal.ts';
export type { AuditJournalOptions } from './auditJournal.ts';
export { openAuditLog } from './openAuditLog.ts';
export type { OpenAuditLogOptions, OpenedAuditLog } from './openAuditLog.ts';
