import { readFileSync } from 'node:fs';
import type { AuditRecord } from '@confero/directives';
import { readPiiAnnotations } from '@confero/directives';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIC_SUPERGRAPH_PATH } from './clinicFiles.ts';
import { expectedMatrix, CLINIC_ENTITIES, type ClinicEntity } from './testing/clinicMatrix.ts';
import { CLOSED_WORLD_MATRIX_OPERATION, MATRIX_OPERATION } from './testing/clinicOperations.ts';
import { startClinicWorlds, TEST_SECRETS, type ClinicWorlds } from './testing/clinicWorlds.ts';
import { describeNonInterference } from './testing/describeNonInterference.ts';

// The clinic example as a whole system: FerretDB, its three subgraphs and the project's gateway
// process, unchanged, on the clinic's supergraph and policy. Two worlds are started (each with
// its own database): world A serves the matrix, the argument and the audit checks; both serve
// the non-interference check (testing/describeNonInterference.ts).

const pii = readPiiAnnotations(readFileSync(CLINIC_SUPERGRAPH_PATH, 'utf8'));
const SEED = { patients: 10, appointments: 24, invoices: 16 };
const worlds: { current?: ClinicWorlds } = {};
const ME = 'pat_0001';

beforeAll(async () => {
  worlds.current = await startClinicWorlds(SEED);
});
afterAll(async () => worlds.current?.stop());

describe('the clinic example', () => {
  const w = () => worlds.current!;
  const pad = (id: string) => id.slice(-4);

  describe('decision matrix: every role and purpose against every tagged field', () => {
    const cases = () =>
      Object.keys(w().a.clinic.policy.document.roles).flatMap((role) =>
        [...w().a.clinic.policy.purposesOf(role), null].map((purpose) => ({ role, purpose, ...(role === 'PATIENT' ? { patientId: ME } : {}) })),
      );

    it('gives each caller exactly what decide says of each field of each record it reaches: the value, its mask, or null', async () => {
      const { policy } = w().a.clinic;
      const failures: string[] = [];
      const effectsSeen = new Set<string>();
      for (const asker of cases()) {
        const label = `${asker.role}/${asker.purpose ?? '(no purpose)'}`;
        const closed = policy.isClosedWorld(asker.role);
        const answer = await w().a.ask(asker, asker.purpose, closed ? CLOSED_WORLD_MATRIX_OPERATION : MATRIX_OPERATION);
        const { expected, effects } = expectedMatrix(w().data, policy, pii, asker, TEST_SECRETS.hashKey);
        if (closed && asker.purpose === null) {
          // Without its purpose, even the patient list is outside a closed world: refused, and nothing in the refusal.
          if (answer.status !== 403) failures.push(`${label}: not refused (HTTP ${answer.status})`);
          continue;
        }
        if (answer.status !== 200) {
          failures.push(`${label}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
          continue;
        }
        for (const seen of effects.values()) for (const effect of seen) effectsSeen.add(effect);
        for (const type of Object.keys(expected) as ClinicEntity[]) {
          const list = answer.json.data?.[CLINIC_ENTITIES[type].list];
          if (closed && type !== 'Patient') continue;
          const ids = (list?.nodes ?? []).map((n: { id: string }) => n.id);
          if (JSON.stringify(ids) !== JSON.stringify(Object.keys(expected[type]!))) failures.push(`${label}: ${type} ids ${ids.join(',')} ≠ ${Object.keys(expected[type]!).join(',')}`);
          for (const node of list?.nodes ?? []) {
            for (const [field, value] of Object.entries(expected[type]![node.id] ?? {})) {
              if (JSON.stringify(node[field] ?? null) !== JSON.stringify(value ?? null)) failures.push(`${label}: ${type}.${field} of ${node.id} is ${JSON.stringify(node[field])}, the policy says ${JSON.stringify(value)}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect([...effectsSeen].sort()).toEqual(['allow', 'deny', 'mask']);
    }, 180_000);

    it('matches hand-written expectations (so the matrix fails when decide is wrong, too)', async () => {
      const { patients, appointments, invoices } = w().data;
      const p1 = patients[0]!;
      const visit = appointments.find((a) => a.notes !== null)!;
      const paid = invoices.find((i) => i.cardNumber !== null)!;
      const one = (json: any, list: string, id: string) => json.data[list].nodes.find((n: { id: string }) => n.id === id);

      const desk = (await w().a.ask({ role: 'RECEPTIONIST' }, 'SCHEDULING', MATRIX_OPERATION)).json;
      expect(one(desk, 'patients', p1._id)).toMatchObject({ name: p1.name, phone: p1.phone, dateOfBirth: p1.dateOfBirth.slice(0, 4), insuranceNumber: null, allergies: null });
      expect(one(desk, 'appointments', visit._id)).toMatchObject({ startsAt: visit.startsAt, reason: null, notes: null, clinician: visit.clinician });
      expect(one(desk, 'invoices', paid._id)).toMatchObject({ amountCents: null, cardNumber: null, status: 'PAID' });

      const doctor = (await w().a.ask({ role: 'CLINICIAN' }, 'TREATMENT', MATRIX_OPERATION)).json;
      expect(one(doctor, 'patients', p1._id)).toMatchObject({ name: p1.name, dateOfBirth: p1.dateOfBirth, allergies: p1.allergies, insuranceNumber: `****${pad(p1._id)}` });
      expect(one(doctor, 'appointments', visit._id)).toMatchObject({ reason: visit.reason, notes: visit.notes });
      expect(one(doctor, 'invoices', paid._id)).toMatchObject({ amountCents: null, cardNumber: null });

      const billing = (await w().a.ask({ role: 'BILLING' }, 'PAYMENT', MATRIX_OPERATION)).json;
      expect(one(billing, 'patients', p1._id)).toMatchObject({ insuranceNumber: p1.insuranceNumber, allergies: null, email: p1.email });
      expect(one(billing, 'invoices', paid._id)).toMatchObject({ amountCents: paid.amountCents, cardNumber: `****${pad(paid._id)}` });
      expect(one(billing, 'appointments', visit._id)).toMatchObject({ reason: null, notes: null, startsAt: null });

      const me = (await w().a.ask({ role: 'PATIENT', patientId: ME }, 'SELF_SERVICE', MATRIX_OPERATION)).json;
      expect(me.data.patients.nodes).toEqual([expect.objectContaining({ id: ME, name: p1.name, insuranceNumber: p1.insuranceNumber, allergies: p1.allergies })]);
      expect(me.data.appointments.nodes.map((a: { id: string }) => a.id)).toEqual(appointments.filter((a) => a.patientId === ME).map((a) => a._id));
      expect(me.data.invoices.totalCount).toBe(invoices.filter((i) => i.patientId === ME).length);

      const research = (await w().a.ask({ role: 'RESEARCHER' }, 'RESEARCH', CLOSED_WORLD_MATRIX_OPERATION)).json;
      for (const p of patients) {
        expect(one(research, 'patients', p._id)).toEqual({ id: p._id, name: null, dateOfBirth: p.dateOfBirth.slice(0, 4), phone: null, email: null, insuranceNumber: null, allergies: p.consents.research ? p.allergies : null, consents: null });
      }
      expect((await w().a.ask({ role: 'RESEARCHER' }, 'RESEARCH', MATRIX_OPERATION)).status).toBe(403);

      const nobody = (await w().a.ask({ role: 'CLINICIAN' }, null, MATRIX_OPERATION)).json;
      expect(one(nobody, 'patients', p1._id)).toMatchObject({ name: null, allergies: null, phone: null });
      expect(one(nobody, 'appointments', visit._id)).toMatchObject({ clinician: visit.clinician, reason: null });
    });
  });

  describe('arguments that read @pii fields', () => {
    it('refuses them with ARGUMENT_NOT_PERMITTED to a role that does not receive the field in full, and runs nothing', async () => {
      const byReason = await w().a.ask({ role: 'RECEPTIONIST' }, 'SCHEDULING', '{ appointments(reason: "migraine") { totalCount } }');
      expect(byReason.json.errors?.[0]?.extensions?.code).toBe('ARGUMENT_NOT_PERMITTED');
      expect(byReason.json.data ?? null).toBeNull();
      const byName = await w().a.ask({ role: 'RESEARCHER' }, 'RESEARCH', `{ patients(name: ${JSON.stringify(w().data.patients[2]!.name)}) { totalCount } }`);
      expect(byName.json.errors?.[0]?.extensions?.code).toBe('ARGUMENT_NOT_PERMITTED');
      expect(byName.json.errors?.[0]?.extensions?.arguments?.[0]).toMatchObject({ argument: 'Query.patients(name:)', reads: 'Patient.name' });
    });

    it('serves them to a role that does, matching the stored values', async () => {
      const reason = w().data.appointments[3]!.reason;
      const { json } = await w().a.ask({ role: 'CLINICIAN' }, 'TREATMENT', 'query Q($r: String) { appointments(first: 100, reason: $r) { totalCount nodes { id } } }', { r: reason });
      expect(json.errors).toBeUndefined();
      expect(json.data.appointments.nodes.map((a: { id: string }) => a.id)).toEqual(w().data.appointments.filter((a) => a.reason === reason).map((a) => a._id));
    });
  });

  describe('audit', () => {
    it("names the clinic's data subjects: type Patient, and the patients of the appointments whose data was returned", async () => {
      const answer = await w().a.ask({ role: 'CLINICIAN', sub: 'dr-osei' }, 'TREATMENT', '{ appointments(first: 3) { nodes { id reason } } }');
      expect(answer.status).toBe(200);
      const connection = await mongoose.createConnection(w().a.clinic.database.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
      try {
        const event = await connection.collection<AuditRecord>('audit_events').findOne({ requestId: answer.requestId! });
        expect(event).toMatchObject({ role: 'CLINICIAN', purpose: 'TREATMENT', subject: 'dr-osei', subjectTypes: ['Patient'] });
        expect([...event!.subjectIds].sort()).toEqual([...new Set(w().data.appointments.slice(0, 3).map((a) => a.patientId))].sort());
      } finally {
        await connection.close();
      }
    });
  });
});

describeNonInterference(() => worlds.current!);
