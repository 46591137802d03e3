import { createRandom, type Random } from '@confero/tools';
import type { AppointmentDocument } from '../appointments/appointmentModel.ts';
import type { InvoiceDocument } from '../billing/invoiceModel.ts';
import type { PatientDocument } from '../patients/patientModel.ts';

/** Sizes and PRNG seed of the clinic's data. */
export interface ClinicSeedOptions {
  /** Default 12. */
  patients?: number;
  /** Default 30 (each of a random patient). */
  appointments?: number;
  /** Default 20 (each of a random patient). */
  invoices?: number;
  /** PRNG seed: the same seed gives the same data. Default 1701. */
  seed?: number;
}

/** The clinic's documents, by collection. */
export interface ClinicData {
  patients: PatientDocument[];
  appointments: AppointmentDocument[];
  invoices: InvoiceDocument[];
}

export const DEFAULT_CLINIC_SEED: Required<ClinicSeedOptions> = { patients: 12, appointments: 30, invoices: 20, seed: 1701 };

const FIRST = ['Ada', 'Basil', 'Cleo', 'Dmitri', 'Esme', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kalani', 'Luz', 'Mateo', 'Nneka', 'Odile', 'Pavel'];
const LAST = ['Quill', 'Rourke', 'Sandoval', 'Thorne', 'Ulloa', 'Vasquez', 'Whitlock', 'Xu', 'Yilmaz', 'Zeller'];
const ALLERGIES = ['penicillin', 'peanuts', 'latex', 'shellfish', 'ibuprofen', 'pollen', 'sulfa drugs'];
const REASONS = ['annual check-up', 'persistent cough', 'sprained ankle', 'migraine', 'blood pressure review', 'skin rash', 'vaccination'];
const NOTES = ['prescribed rest and fluids', 'referred to physiotherapy', 'blood test ordered', 'follow-up in two weeks', 'no findings'];
const CLINICIANS = ['Dr. Amara Osei', 'Dr. Lukas Brandt', 'Nurse Priya Nair'];
const STATUSES = ['BOOKED', 'ATTENDED', 'ATTENDED', 'CANCELLED'] as const;

/** `n` decimal digits drawn from `random`. */
function digits(random: Random, n: number): string {
  return Array.from({ length: n }, () => random.int(0, 9)).join('');
}

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * A small, deterministic clinic: patients with recognisable values (every name, phone, email,
 * insurance and card number is distinct, so a leak can be found by scanning a response), and
 * appointments and invoices of random patients. About half the patients consent to research.
 */
export function generateClinicData(options: ClinicSeedOptions = {}): ClinicData {
  const { patients: patientCount, appointments: appointmentCount, invoices: invoiceCount, seed } = { ...DEFAULT_CLINIC_SEED, ...options };
  const random = createRandom(seed);
  const patients: PatientDocument[] = [];
  for (let i = 1; i <= patientCount; i++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const allergies = [...new Set(Array.from({ length: random.int(0, 2) }, () => random.pick(ALLERGIES)))];
    patients.push({
      _id: `pat_${pad(i)}`,
      name: `${first} ${last}-${pad(i)}`,
      dateOfBirth: `${random.int(1940, 2015)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      phone: `+1 555 ${digits(random, 3)} ${pad(i)}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}.${pad(i)}@patients.example`,
      insuranceNumber: `INS-${digits(random, 6)}-${pad(i)}`,
      allergies,
      consents: { research: random.int(0, 1) === 1 },
    });
  }
  const appointments: AppointmentDocument[] = [];
  for (let i = 1; i <= appointmentCount; i++) {
    const status = random.pick(STATUSES);
    appointments.push({
      _id: `apt_${pad(i)}`,
      patientId: random.pick(patients)._id,
      clinician: random.pick(CLINICIANS),
      status,
      startsAt: new Date(Date.UTC(2026, random.int(0, 11), random.int(1, 28), random.int(8, 17), random.pick([0, 15, 30, 45]))).toISOString(),
      reason: random.pick(REASONS),
      notes: status === 'ATTENDED' ? `${random.pick(NOTES)} (visit ${pad(i)})` : null,
    });
  }
  const invoices: InvoiceDocument[] = [];
  for (let i = 1; i <= invoiceCount; i++) {
    const paid = random.int(0, 2) > 0;
    invoices.push({
      _id: `inv_${pad(i)}`,
      patientId: random.pick(patients)._id,
      status: paid ? 'PAID' : 'OPEN',
      amountCents: random.int(40, 900) * 100 + i,
      cardNumber: paid ? `4111 ${digits(random, 4)} ${digits(random, 4)} ${pad(i)}` : null,
    });
  }
  return { patients, appointments, invoices };
}
