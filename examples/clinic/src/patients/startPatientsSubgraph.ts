import { recordConditionOf, type Caller, type RecordCondition } from '@confero/directives';
import {
  andFilters,
  createByIdLoader,
  detectQueryShape,
  findByIds,
  findPage,
  parsePageArgs,
  recordConditionFilter,
  referenceId,
  requireConnection,
  startSubgraphServer,
  subgraphTypeDefs,
  type PageArgs,
  type RunningSubgraph,
  type SubgraphResolvers,
  type SubgraphStartOptions,
} from '@confero/subgraph-common';
import type { Model } from 'mongoose';
import { CLINIC_POLICY_PATH } from '../clinicFiles.ts';
import { clinicScopeFilter } from '../clinicScope.ts';
import { registerPatientModel, type PatientDocument } from './patientModel.ts';

/** The patients subgraph's SDL: federation header, the `@pii` SDL of the clinic's policy, `schema.graphql`. */
export const patientsTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), ['@key', '@shareable'], CLINIC_POLICY_PATH);

/** The per-request data access: every read honours the caller's record scope. */
function patientData(Patient: Model<PatientDocument>, caller: Caller, scope: string) {
  const reach = clinicScopeFilter(caller, scope, '_id');
  return {
    patientById: createByIdLoader((ids) => findByIds(Patient, ids, reach)),
    /** A page of patients; with `name`, only the records that give the caller `Patient.name` in full can match (`readable`). */
    findPatients(name: string | null | undefined, args: PageArgs, readable: RecordCondition | undefined) {
      const comparable = name == null ? {} : recordConditionFilter(readable);
      const filter = reach && comparable && andFilters(reach, comparable, name == null ? {} : { name });
      return findPage(Patient, filter, parsePageArgs(args, 'pat_'), 'asc');
    },
  };
}

type Ctx = { data: ReturnType<typeof patientData> };

const resolvers = {
  Query: {
    patient: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.data.patientById.load(args.id),
    patients: (_: unknown, args: PageArgs & { name?: string | null }, ctx: Ctx) => ctx.data.findPatients(args.name, args, recordConditionOf(args)),
  },
  Patient: {
    __resolveReference: (ref: unknown, ctx: Ctx) => {
      const id = referenceId(ref);
      return id === null ? null : ctx.data.patientById.load(id);
    },
    id: (p: PatientDocument) => p._id,
  },
} satisfies SubgraphResolvers;

/** Starts the patients subgraph (its collection is created first). */
export async function startPatientsSubgraph(options: SubgraphStartOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startPatientsSubgraph', connection);
  const Patient = registerPatientModel(connection);
  await Patient.init();
  return startSubgraphServer({
    ...server,
    name: 'patients',
    queryShape: await detectQueryShape(connection),
    typeDefs: patientsTypeDefs,
    resolvers,
    createContext: (caller, scope) => ({ data: patientData(Patient, caller, scope) }),
  });
}
