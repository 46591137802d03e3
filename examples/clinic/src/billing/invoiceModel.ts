import { Schema, type Connection, type Model } from 'mongoose';

/** A document of the `invoices` collection. */
export interface InvoiceDocument {
  /** `inv_0007`. */
  _id: string;
  patientId: string;
  status: 'OPEN' | 'PAID';
  amountCents: number;
  /** The card it was paid with; null while open. */
  cardNumber: string | null;
}

const invoiceSchema = new Schema<InvoiceDocument>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    status: String,
    amountCents: Number,
    cardNumber: String,
  },
  { collection: 'invoices', versionKey: false },
);
invoiceSchema.index({ patientId: 1, _id: 1 });

/** Registers the billing subgraph's model on `connection` (idempotent). */
export function registerInvoiceModel(connection: Connection): Model<InvoiceDocument> {
  return (connection.models.Invoice as Model<InvoiceDocument> | undefined) ?? connection.model<InvoiceDocument>('Invoice', invoiceSchema, 'invoices');
}
