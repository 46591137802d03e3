import { Schema, type Connection, type Model } from 'mongoose';

/** A document of the `patients` collection. */
export interface PatientDocument {
  /** `pat_0007`. */
  _id: string;
  name: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  phone: string;
  email: string;
  insuranceNumber: string;
  allergies: string[];
  consents: { research: boolean };
}

const patientSchema = new Schema<PatientDocument>(
  {
    _id: { type: String, required: true },
    name: String,
    dateOfBirth: String,
    phone: String,
    email: String,
    insuranceNumber: String,
    allergies: [String],
    consents: { research: Boolean },
  },
  { collection: 'patients', versionKey: false },
);

/** Registers the patients subgraph's model on `connection` (idempotent). */
export function registerPatientModel(connection: Connection): Model<PatientDocument> {
  return (connection.models.Patient as Model<PatientDocument> | undefined) ?? connection.model<PatientDocument>('Patient', patientSchema, 'patients');
}
