import type { RandomOperation } from '@confero/testing';
import type { ClinicData } from '../seed/generateClinicData.ts';

export const PATIENT_FIELDS = 'id name dateOfBirth phone email insuranceNumber allergies consents { research }';
export const APPOINTMENT_FIELDS = 'id clinician status startsAt reason notes patient { id }';
export const INVOICE_FIELDS = 'id status amountCents cardNumber patient { id }';

/** Every `@pii` field of the clinic's supergraph, through its three root lists. */
export const MATRIX_OPERATION = `query Matrix {
  patients(first: 100) { totalCount nodes { ${PATIENT_FIELDS} } }
  appointments(first: 100) { totalCount nodes { ${APPOINTMENT_FIELDS} } }
  invoices(first: 100) { totalCount nodes { ${INVOICE_FIELDS} } }
}`;

/** The matrix for a closed-world role: the patient list only (its grant names no other list, and a non-null field outside it refuses the whole operation). */
export const CLOSED_WORLD_MATRIX_OPERATION = `query Matrix { patients(first: 100) { totalCount nodes { ${PATIENT_FIELDS} } } }`;

const op = (name: string, query: string, variables: Record<string, unknown> = {}): RandomOperation => ({ query: `query ${name} ${query}`, variables, operationName: name });

/**
 * Operations aimed at the channels a withheld value could take in the clinic: the `@piiReads`
 * filters (`patients(name:)` for every name of the seed and one nobody has,
 * `appointments(reason:)` for every reason), counts, membership through `__typename`, every
 * field of every record through each list and through the links between them, unknown ids.
 */
export function clinicTargetedOperations(data: ClinicData, patientId?: string): RandomOperation[] {
  const names = [...data.patients.map((p) => p.name), 'Nobody Atall-9999'];
  const reasons = [...new Set(data.appointments.map((a) => a.reason)), 'no such reason'].sort();
  const somePatients = [data.patients[0]!._id, data.patients.at(-1)!._id, ...(patientId ? [patientId] : [])];
  return [
    ...names.map((name, i) => op(`PatientsNamed${i}`, '($name: String) { patients(first: 100, name: $name) { totalCount nodes { id } pageInfo { hasNextPage } } }', { name })),
    ...reasons.map((reason, i) => op(`AppointmentsFor${i}`, '($reason: String) { appointments(first: 100, reason: $reason) { totalCount nodes { id } } }', { reason })),
    op('Counts', '{ patients { totalCount } appointments { totalCount } invoices { totalCount } }'),
    op('Typenames', '{ __typename patients(first: 100) { nodes { __typename } } appointments(first: 100) { nodes { __typename patient { __typename } } } }'),
    op('EveryPatientField', `{ patients(first: 100) { nodes { ${PATIENT_FIELDS} appointments(first: 100) { totalCount nodes { ${APPOINTMENT_FIELDS} } } invoices(first: 100) { totalCount nodes { ${INVOICE_FIELDS} } } } } }`),
    op('EveryAppointmentField', `{ appointments(first: 100) { nodes { ${APPOINTMENT_FIELDS} patient { ${PATIENT_FIELDS} } } } }`),
    op('EveryInvoiceField', `{ invoices(first: 100) { nodes { ${INVOICE_FIELDS} patient { ${PATIENT_FIELDS} } } } }`),
    ...somePatients.map((id, i) => op(`OnePatient${i}`, `($id: ID!) { patient(id: $id) { ${PATIENT_FIELDS} } }`, { id })),
    op('UnknownIds', '{ patient(id: "pat_9999") { id name } appointment(id: "apt_9999") { id } invoice(id: "nope") { id } }'),
    op('BadCursor', '{ patients(after: "not-a-cursor") { totalCount } }'),
  ];
}

/** The seeded records' ids by type name (for random operations' `type(id:)` fields). */
export function clinicIds(data: ClinicData): Record<string, string[]> {
  return { Patient: data.patients.map((p) => p._id), Appointment: data.appointments.map((a) => a._id), Invoice: data.invoices.map((i) => i._id) };
}

/** Values for the random operations' filter arguments, drawn from the seed (and one value nobody has). */
export function clinicArgumentValues(data: ClinicData): Record<string, readonly string[]> {
  return { name: [...data.patients.map((p) => p.name), 'Nobody Atall-9999'], reason: [...new Set(data.appointments.map((a) => a.reason)), 'no such reason'] };
}
