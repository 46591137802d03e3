import { ALL_RECORDS, andFilters, definedOnly, findPage, type Connection, type PageRequest, type ScopeFilter } from '@confero/subgraph-common';
import type { Connection as MongooseConnection } from 'mongoose';
import { auditEventModel, subjectFilter, type AuditEventDocument } from './auditEventModel.ts';

/** The `auditEvents` list's filter argument. */
export interface AuditEventFilterArgs {
  /** Events that returned this shopper's personal information. */
  shopperId?: string | null;
  role?: string | null;
  requestId?: string | null;
}

/** Read access to the audit trail for one request. */
export interface AuditEventData {
  /** A page of audit events, newest first. */
  findAuditEvents(filter: AuditEventFilterArgs, page: PageRequest): Promise<Connection<AuditEventDocument>>;
}

/**
 * The audit events a caller's record scope reaches: all of them for scope `all`, none
 * otherwise. Which role may read them at all is the policy's `@pii` decision on `Query.auditEvents`.
 */
export function auditEventScopeFilter(scope: string): ScopeFilter {
  return scope === 'all' ? ALL_RECORDS : null;
}

/** Builds the per-request read access to the audit trail in `connection` (collection `audit_events`). */
export function createAuditEventData(connection: MongooseConnection, scope: string): AuditEventData {
  return {
    findAuditEvents(filter, page) {
      const scoped = auditEventScopeFilter(scope);
      const where = andFilters(definedOnly({ role: filter.role, requestId: filter.requestId }), filter.shopperId ? subjectFilter(filter.shopperId) : {});
      return findPage(auditEventModel(connection), scoped === null ? null : andFilters(scoped, where), page, 'desc');
    },
  };
}
