import { Schema, type Connection, type Model } from 'mongoose';

/** A contact person of a client company (personal information). */
export interface ClientContact {
  name: string;
  title: string;
  email: string;
  phone: string;
}

/** A document of the `clients` collection. */
export interface ClientDocument {
  /** `cli_0007`. */
  _id: string;
  name: string;
  industry: string;
  /** Companies the client competes with (shoppers affiliated with them are screened out). */
  competitors: string[];
  createdAt: Date;
  contacts?: ClientContact[];
}

export const clientSchema = new Schema<ClientDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    industry: { type: String, required: true },
    competitors: [String],
    createdAt: Date,
    contacts: [new Schema<ClientContact>({ name: String, title: String, email: String, phone: String }, { _id: false })],
  },
  { collection: 'clients', versionKey: false },
);
clientSchema.index({ industry: 1, _id: 1 });

/** The models of the client subgraph. */
export interface ClientModels {
  Client: Model<ClientDocument>;
}

/** Registers the client subgraph's model on `connection` (idempotent). */
export function registerClientModels(connection: Connection): ClientModels {
  const Client =
    (connection.models.Client as Model<ClientDocument> | undefined) ??
    connection.model<ClientDocument>('Client', clientSchema, 'clients');
  return { Client };
}
