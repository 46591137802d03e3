import { readFileSync } from 'node:fs';
import { readPiiAnnotations } from '@confero/directives';
import { collectVocabulary, compareAnswers, perturbDocuments, randomOperation, type AnswerDifference, type RandomOperation } from '@confero/testing';
import fc from 'fast-check';
import { buildASTSchema, isNonNullType, parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLINIC_SUPERGRAPH_PATH } from '../clinicFiles.ts';
import { generateClinicData, type ClinicData } from '../seed/generateClinicData.ts';
import { CLINIC_ENTITIES, reaches, type ClinicAsker, type ClinicEntity } from './clinicMatrix.ts';
import { clinicArgumentValues, clinicIds, clinicTargetedOperations } from './clinicOperations.ts';
import type { ClinicWorlds } from './clinicWorlds.ts';

const SDL = readFileSync(CLINIC_SUPERGRAPH_PATH, 'utf8');
const SCHEMA = buildASTSchema(parse(SDL), { assumeValidSDL: true });
const PII = readPiiAnnotations(SDL);
/** Random operations per (role, purpose): `CLINIC_NI_RUNS`, else `NI_RUNS`, else 15. */
const RUNS = Number(process.env.CLINIC_NI_RUNS ?? process.env.NI_RUNS ?? 15);
const BASE_SEED = Number(process.env.NI_SEED ?? 17_000);
/** Replacement values come from another clinic of the same generator. */
const VOCABULARY = collectVocabulary(SCHEMA, documentsOf(generateClinicData({ seed: 4242, patients: 40, appointments: 80, invoices: 60 })));

function documentsOf(data: ClinicData) {
  return Object.fromEntries(Object.entries(CLINIC_ENTITIES).map(([type, { collection }]) => [type, data[collection] as unknown as Array<Record<string, unknown> & { _id: string }>]));
}

/**
 * Non-interference against the clinic (the reference's check, test/nonInterference.test.ts, on
 * the helpers of `@confero/testing`): for every role and each purpose it may state (and none),
 * world B is world A with every value withheld from that caller perturbed (`perturbDocuments`);
 * targeted operations (the `@piiReads` filters over every name and reason, counts, every field)
 * and random ones over the whole supergraph go to both worlds, and status and body must be the
 * same bytes, request ids aside.
 */
export function describeNonInterference(worlds: () => ClinicWorlds): void {
  describe('non-interference: worlds that differ only in what a caller may not see answer it alike', () => {
    const cases = () => {
      const { policy } = worlds().a.clinic;
      return Object.keys(policy.document.roles).flatMap((role) => [...policy.purposesOf(role), null].map((purpose): ClinicAsker => ({ role, purpose, ...(role === 'PATIENT' ? { patientId: 'pat_0002' } : {}) })));
    };

    it('answers every role and purpose alike in both worlds', async () => {
      const { data } = worlds();
      const { policy } = worlds().a.clinic;
      const argumentValues = clinicArgumentValues(data);
      const reports: string[] = [];
      for (const [index, asker] of cases().entries()) {
        const label = `${asker.role}/${asker.purpose ?? '(no purpose)'}`;
        const seed = BASE_SEED + index;
        const worldB = perturbDocuments({
          schema: SCHEMA,
          pii: PII,
          documents: documentsOf(data),
          reachable: (type, doc) => reaches(policy, asker, type as ClinicEntity, doc),
          policy,
          asker,
          vocabulary: VOCABULARY,
          seed,
        });
        expect(worldB.perturbed.length, `${label}: world B must differ from world A`).toBeGreaterThan(0);
        await worlds().writeWorldB(Object.fromEntries(Object.entries(CLINIC_ENTITIES).map(([type, { collection }]) => [collection, worldB.documents[type]])) as unknown as ClinicData);

        const differences: Array<{ operation: RandomOperation; difference: AnswerDifference }> = [];
        let asked = 0;
        let served = 0;
        const check = async (operation: RandomOperation, random = false) => {
          const [a, b] = await Promise.all([worlds().a, worlds().b].map((w) => w.ask(asker, asker.purpose, operation.query, operation.variables, operation.operationName)));
          if (random) asked += 1;
          if (random && a!.status === 200) served += 1;
          expect(a!.status, `${label}: ${operation.query}\n${a!.body.slice(0, 300)}`).not.toBe(500);
          const difference = compareAnswers(a!, b!);
          if (difference) differences.push({ operation, difference });
        };
        for (const operation of clinicTargetedOperations(data, asker.patientId)) await check(operation);
        const skipField = outsideClosedWorld(policy, asker);
        const ids = clinicIds(data);
        await fc.assert(
          fc.asyncProperty(fc.gen(), async (g) => {
            const draw = { int: (min: number, max: number) => g(fc.integer, { min, max }) };
            const argumentValue = (_: unknown, arg: { name: string }, d: typeof draw) => {
              const values = argumentValues[arg.name];
              return values && d.int(0, 99) < 70 ? values[d.int(0, values.length - 1)] : undefined;
            };
            await check(randomOperation(SCHEMA, draw, { ids, argumentValue, skipField }), true);
          }),
          { numRuns: RUNS, seed, endOnFailure: true },
        );
        // The random operations must mostly execute, not bounce off validation (a closed world without its purpose is refused nearly everything).
        if (!(policy.isClosedWorld(asker.role) && asker.purpose === null)) expect(served, `${label}: ${served} of ${asked} served`).toBeGreaterThan(asked * 0.5);
        for (const { operation, difference } of differences.slice(0, 5)) {
          reports.push(`${label} (seed ${seed}): ${operation.query} ${JSON.stringify(operation.variables)}\n  first difference at ${difference.path}: A=${JSON.stringify(difference.a)} B=${JSON.stringify(difference.b)}`);
        }
      }
      expect(reports).toEqual([]);
    }, Math.max(300_000, RUNS * 20_000));

    it("tells the worlds apart for a caller who may see what was perturbed (the check can fail)", async () => {
      const { data } = worlds();
      const { policy } = worlds().a.clinic;
      const receptionist: ClinicAsker = { role: 'RECEPTIONIST', purpose: 'SCHEDULING' };
      const worldB = perturbDocuments({ schema: SCHEMA, pii: PII, documents: documentsOf(data), reachable: () => true, policy, asker: receptionist, vocabulary: VOCABULARY });
      await worlds().writeWorldB(Object.fromEntries(Object.entries(CLINIC_ENTITIES).map(([type, { collection }]) => [collection, worldB.documents[type]])) as unknown as ClinicData);
      const clinician = { role: 'CLINICIAN' };
      const operation = clinicTargetedOperations(data).find((o) => o.operationName === 'EveryAppointmentField')!;
      const [a, b] = await Promise.all([worlds().a, worlds().b].map((w) => w.ask(clinician, 'TREATMENT', operation.query, operation.variables, operation.operationName)));
      expect(a!.status).toBe(200);
      expect(compareAnswers(a!, b!)?.path).toMatch(/^data\.appointments\.nodes\.\d+\.(reason|notes|patient\.allergies|patient\.insuranceNumber)/);
    });
  });
}

/** For a closed-world role, the non-null fields its grant does not name (asking one refuses the whole operation): random operations leave them out. */
function outsideClosedWorld(policy: ClinicWorlds['a']['clinic']['policy'], asker: ClinicAsker): ((typeName: string, fieldName: string) => boolean) | undefined {
  if (!policy.isClosedWorld(asker.role)) return undefined;
  const grant = asker.purpose ? policy.roles.get(asker.role)?.grantFor.get(asker.purpose) : undefined;
  return (typeName, fieldName) => {
    const type = SCHEMA.getType(typeName);
    const field = type && 'getFields' in type ? (type as GraphQLObjectType).getFields()[fieldName] : undefined;
    if (!field || !isNonNullType(field.type) || PII.isKeyField(typeName, fieldName)) return false;
    return !grant?.fields.has(`${typeName}.${fieldName}`);
  };
}
