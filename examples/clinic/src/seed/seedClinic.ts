import type { Connection, Model } from 'mongoose';
import { registerAppointmentModel } from '../appointments/appointmentModel.ts';
import { registerInvoiceModel } from '../billing/invoiceModel.ts';
import { registerPatientModel } from '../patients/patientModel.ts';
import { generateClinicData, type ClinicData, type ClinicSeedOptions } from './generateClinicData.ts';

/** Options of {@link seedClinic}. */
export interface SeedClinicOptions extends ClinicSeedOptions {
  /** Delete every document of the three collections first. Default false. */
  clean?: boolean;
  /** Only when the patients collection is empty (`npm run example:clinic` keeps what is there). Default false. */
  ifEmpty?: boolean;
  /** Data generated before. Default: generated from the options. */
  data?: ClinicData;
}

/** Writes the clinic's data through its subgraphs' models; returns the data, or null when `ifEmpty` found data there. */
export async function seedClinic(connection: Connection, options: SeedClinicOptions = {}): Promise<ClinicData | null> {
  const { clean = false, ifEmpty = false, data: given, ...sizes } = options;
  const models: Record<keyof ClinicData, Model<any>> = {
    patients: registerPatientModel(connection),
    appointments: registerAppointmentModel(connection),
    invoices: registerInvoiceModel(connection),
  };
  await Promise.all(Object.values(models).map((m) => m.init()));
  if (ifEmpty && (await models.patients.countDocuments({})) > 0) return null;
  if (clean) await Promise.all(Object.values(models).map((m) => m.deleteMany({})));
  const data = given ?? generateClinicData(sizes);
  for (const name of Object.keys(models) as Array<keyof ClinicData>) {
    if (data[name].length > 0) await models[name].collection.insertMany(data[name] as never[], { ordered: true });
  }
  return data;
}
