import { decide, maskValue, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import type { ClinicData } from '../seed/generateClinicData.ts';

/** The clinic's entity types and their documents' collection and owner field (what the `patient` scope compares with the caller's `patientId`). */
export const CLINIC_ENTITIES = {
  Patient: { collection: 'patients', owner: '_id', list: 'patients' },
  Appointment: { collection: 'appointments', owner: 'patientId', list: 'appointments' },
  Invoice: { collection: 'invoices', owner: 'patientId', list: 'invoices' },
} as const;
export type ClinicEntity = keyof typeof CLINIC_ENTITIES;

/** Who asks: role, purpose, and the claim of the `patient` scope. */
export interface ClinicAsker {
  role: string;
  purpose: string | null;
  patientId?: string;
}

/** Whether the asker's record scope reaches a document (the subgraphs' `clinicScopeFilter`, restated). */
export function reaches(policy: CompiledPolicy, asker: ClinicAsker, type: ClinicEntity, doc: Record<string, unknown>): boolean {
  const scope = policy.scopeOf(asker.role);
  if (scope === 'all') return true;
  if (scope === 'patient') return asker.patientId !== undefined && doc[CLINIC_ENTITIES[type].owner] === asker.patientId;
  return false;
}

/**
 * What the policy says a caller receives of every `@pii` field of every document it reaches, as
 * the gateway's JSON would carry it (`decide` with the record, and `maskValue` for a mask), by
 * type and id; ids of the documents it reaches, in order. Derived from the policy, not copied.
 */
export function expectedMatrix(data: ClinicData, policy: CompiledPolicy, pii: PiiIndex, asker: ClinicAsker, hashKey: string) {
  const expected: Record<string, Record<string, Record<string, unknown>>> = {};
  const effects = new Map<string, Set<string>>();
  for (const [type, { collection }] of Object.entries(CLINIC_ENTITIES) as Array<[ClinicEntity, (typeof CLINIC_ENTITIES)[ClinicEntity]]>) {
    expected[type] = {};
    for (const doc of data[collection] as unknown as Array<Record<string, unknown> & { _id: string }>) {
      if (!reaches(policy, asker, type, doc)) continue;
      const fields: Record<string, unknown> = {};
      for (const [field, stored] of Object.entries(doc)) {
        const annotation = pii.fieldAnnotation(type, field);
        if (!annotation) continue;
        const coordinate = `${type}.${field}`;
        const decision = decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record: doc });
        effects.set(coordinate, (effects.get(coordinate) ?? new Set()).add(decision.effect));
        fields[field] = decision.effect === 'allow' ? stored : decision.effect === 'mask' ? maskValue(stored, decision.strategy ?? 'redact', { hashKey, coordinate }) : null;
      }
      expected[type][doc._id] = fields;
    }
  }
  return { expected, effects };
}
