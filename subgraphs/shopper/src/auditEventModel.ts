import { AUDIT_EVENT_ID_PREFIX, type AuditRecord } from '@confero/directives';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A document of the `audit_events` collection, as the gateway's audit log writes it (the
 * gateway owns the collection and its indexes; this subgraph only reads it). Events stored
 * before `subjectIds` named the data subjects have `shopperIds` instead (and no `subjectIds`).
 */
export type AuditEventDocument = Omit<AuditRecord, 'subjectIds' | 'subjectTypes'> & {
  subjectIds?: string[];
  subjectTypes?: string[];
  /** Events stored before `subjectIds`: the ids of the shoppers whose data was returned. */
  shopperIds?: string[];
};

/** The data subjects of an event, old or new: `subjectIds`, else the `shopperIds` it was stored with. */
export function subjectIdsOf(event: Pick<AuditEventDocument, 'subjectIds' | 'shopperIds'>): string[] {
  return event.subjectIds ?? event.shopperIds ?? [];
}

/** The types of an event's data subjects: `subjectTypes`, else `Shopper` for an event stored with `shopperIds`. */
export function subjectTypesOf(event: Pick<AuditEventDocument, 'subjectIds' | 'subjectTypes' | 'shopperIds'>): string[] {
  return event.subjectTypes ?? (event.subjectIds === undefined && event.shopperIds?.length ? ['Shopper'] : []);
}

/** The filter of the events whose data subjects include `id`: new events by `subjectIds`, old ones by `shopperIds`. */
export function subjectFilter(id: string): Record<string, unknown> {
  return { $or: [{ subjectIds: id }, { shopperIds: id }] };
}

export { AUDIT_EVENT_ID_PREFIX };

export const auditEventSchema = new Schema<AuditEventDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    requestId: String,
    clientRequestId: String,
    subject: String,
    role: String,
    purpose: String,
    operationName: String,
    fields: [String],
    categories: [String],
    subjectIds: { type: [String], default: undefined },
    subjectTypes: { type: [String], default: undefined },
    shopperIds: { type: [String], default: undefined },
    decisions: { allowed: Number, masked: Number, withheld: Number },
    policyVersion: String,
  },
  // Read-only here: never create the collection or its indexes from the subgraph.
  { collection: 'audit_events', versionKey: false, autoCreate: false, autoIndex: false },
);

/** The read model of the audit trail on `connection` (registered once per connection). */
export function auditEventModel(connection: Connection): Model<AuditEventDocument> {
  return (
    (connection.models.AuditEvent as Model<AuditEventDocument> | undefined) ??
    connection.model<AuditEventDocument>('AuditEvent', auditEventSchema, 'audit_events')
  );
}
