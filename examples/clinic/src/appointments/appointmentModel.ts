import { Schema, type Connection, type Model } from 'mongoose';

/** A document of the `appointments` collection. */
export interface AppointmentDocument {
  /** `apt_0007`. */
  _id: string;
  patientId: string;
  clinician: string;
  status: 'BOOKED' | 'ATTENDED' | 'CANCELLED';
  /** ISO 8601. */
  startsAt: string;
  reason: string;
  notes: string | null;
}

const appointmentSchema = new Schema<AppointmentDocument>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    clinician: String,
    status: String,
    startsAt: String,
    reason: String,
    notes: String,
  },
  { collection: 'appointments', versionKey: false },
);
appointmentSchema.index({ patientId: 1, _id: 1 });

/** Registers the appointments subgraph's model on `connection` (idempotent). */
export function registerAppointmentModel(connection: Connection): Model<AppointmentDocument> {
  return (
    (connection.models.Appointment as Model<AppointmentDocument> | undefined) ??
    connection.model<AppointmentDocument>('Appointment', appointmentSchema, 'appointments')
  );
}
