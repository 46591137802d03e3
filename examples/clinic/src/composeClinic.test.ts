import { readFileSync } from 'node:fs';
import { loadPolicyFile, readPiiAnnotations } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { CLINIC_INVARIANTS_PATH, CLINIC_POLICY_PATH, CLINIC_SUPERGRAPH_PATH } from './clinicFiles.ts';
import { composeClinic } from './composeClinic.ts';

describe('composeClinic', () => {
  const result = composeClinic();

  it("composes the clinic's subgraphs, clean under the schema lint against the clinic's policy", () => {
    expect('errors' in result ? result.errors : []).toEqual([]);
  });

  it('matches the committed examples/clinic/supergraph.graphql (run `npm run example:clinic:compose` when this fails)', () => {
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    expect(readFileSync(CLINIC_SUPERGRAPH_PATH, 'utf8')).toBe(result.supergraphSdl);
  });

  it("keeps the clinic's @pii by schema coordinate in the supergraph", () => {
    const index = readPiiAnnotations(readFileSync(CLINIC_SUPERGRAPH_PATH, 'utf8'));
    expect(index.fieldAnnotation('Patient', 'allergies')).toMatchObject({ category: 'HEALTH', sensitive: true, purposes: ['TREATMENT', 'RESEARCH', 'SELF_SERVICE'] });
    expect(index.fieldAnnotation('Invoice', 'cardNumber')).toMatchObject({ category: 'FINANCIAL', sensitive: true });
    expect(index.fieldAnnotation('Appointment', 'clinician')).toBeUndefined();
  });

  it('loads the policy under its invariants: the roles are the clinic’s own', () => {
    const loaded = loadPolicyFile(CLINIC_POLICY_PATH, { invariants: CLINIC_INVARIANTS_PATH });
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    expect([...loaded.policy.roles.keys()]).toEqual(['RECEPTIONIST', 'CLINICIAN', 'BILLING', 'PATIENT', 'RESEARCHER']);
    expect(loaded.policy.invariants.list.length).toBeGreaterThanOrEqual(6);
  });
});
