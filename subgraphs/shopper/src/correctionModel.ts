import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A document of the `shopper_corrections` collection: one correction of a shopper's record —
 * when, which fields, by which role. The old and new values are not kept: the record holds the
 * new ones, and a history of personal values would be one more copy to protect.
 */
export interface CorrectionDocument {
  /** `cor_<ms since epoch, 15 digits>_<random>`: ids sort in time order. */
  _id: string;
  shopperId: string;
  at: Date;
  /** Input paths of the fields corrected (`email`, `address.street`), or `policyVersion`. */
  fields: string[];
  /** The role that made the correction (`SHOPPER` when the shopper did). Never who. */
  role: string;
  /** The gateway's request id, to join the correction with its audit event. */
  requestId: string;
}

/** Prefix of correction ids; cursors of `myCorrections` are checked against it. */
export const CORRECTION_ID_PREFIX = 'cor_';

/** A new correction id that sorts in time order. */
export function correctionId(at: Date): string {
  return `${CORRECTION_ID_PREFIX}${String(at.getTime()).padStart(15, '0')}_${randomBytes(6).toString('hex')}`;
}

export const correctionSchema = new Schema<CorrectionDocument>(
  {
    _id: { type: String, required: true },
    shopperId: { type: String, required: true },
    at: { type: Date, required: true },
    fields: [String],
    role: { type: String, required: true },
    requestId: String,
  },
  { collection: 'shopper_corrections', versionKey: false },
);
// A shopper's corrections, newest first.
correctionSchema.index({ shopperId: 1, _id: -1 });

/** The model of the corrections history on `connection` (registered once per connection). */
export function correctionModel(connection: Connection): Model<CorrectionDocument> {
  return (
    (connection.models.ShopperCorrection as Model<CorrectionDocument> | undefined) ??
    connection.model<CorrectionDocument>('ShopperCorrection', correctionSchema, 'shopper_corrections')
  );
}
