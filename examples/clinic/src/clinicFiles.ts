import { fileURLToPath } from 'node:url';

/** The example's folder (`examples/clinic/`), where its deployment files live. */
export const CLINIC_DIR = fileURLToPath(new URL('../', import.meta.url));
/** The clinic's policy: its own categories, purposes, scopes and roles. */
export const CLINIC_POLICY_PATH = fileURLToPath(new URL('../policy.json', import.meta.url));
/** The clinic's invariants, beside its policy (found there by default). */
export const CLINIC_INVARIANTS_PATH = fileURLToPath(new URL('../invariants.json', import.meta.url));
/** The clinic's composed supergraph (`npm run example:clinic:compose` writes it). */
export const CLINIC_SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/**
 * Who the clinic's audit events name as data subjects: the patients whose data a response
 * returns, and the patient of an appointment or an invoice whose data it returns. The gateway is
 * configured with these (`AUDIT_SUBJECT_TYPES=Patient`,
 * `AUDIT_SUBJECT_VIA=Appointment.patient,Invoice.patient`).
 */
export const CLINIC_AUDIT_SUBJECTS = { types: ['Patient'], via: { Appointment: 'patient', Invoice: 'patient' } } as const;
