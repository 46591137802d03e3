import { AUDIT_EVENT_ID_PREFIX, type AuditRecord } from '@confero/directives';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A document of the `audit_events` collection, as the gateway's audit log writes it (the
 * gateway owns the collection and its indexes; this subgraph only reads it).
 */
export type AuditEventDocument = AuditRecord;

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
    shopperIds: [String],
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
