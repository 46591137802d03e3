import { recordConditionOf, type Caller, type RecordCondition } from '@confero/directives';
import {
  andFilters,
  createByIdLoader,
  createChildPageLoader,
  detectQueryShape,
  findByIds,
  findByParents,
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
import { registerAppointmentModel, type AppointmentDocument } from './appointmentModel.ts';

/** The appointments subgraph's SDL: federation header, the `@pii` SDL of the clinic's policy, `schema.graphql`. */
export const appointmentsTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), ['@key', '@shareable'], CLINIC_POLICY_PATH);

const ID_PREFIX = 'apt_';

/** The per-request data access: every read honours the caller's record scope. */
function appointmentData(Appointment: Model<AppointmentDocument>, caller: Caller, scope: string) {
  const reach = clinicScopeFilter(caller, scope, 'patientId');
  return {
    appointmentById: createByIdLoader((ids) => findByIds(Appointment, ids, reach)),
    /** A page of appointments; with `reason`, only the records that give the caller `Appointment.reason` in full can match (`readable`). */
    findAppointments(reason: string | null | undefined, args: PageArgs, readable: RecordCondition | undefined) {
      const comparable = reason == null ? {} : recordConditionFilter(readable);
      const filter = reach && comparable && andFilters(reach, comparable, reason == null ? {} : { reason });
      return findPage(Appointment, filter, parsePageArgs(args, ID_PREFIX), 'asc');
    },
    appointmentsByPatient: createChildPageLoader({
      fetchChildren: (ids) => findByParents(Appointment, 'patientId', ids, reach),
      parentIdOf: (a) => a.patientId,
      order: 'asc',
    }),
  };
}

type Ctx = { data: ReturnType<typeof appointmentData> };

const resolvers = {
  Query: {
    appointment: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.data.appointmentById.load(args.id),
    appointments: (_: unknown, args: PageArgs & { reason?: string | null }, ctx: Ctx) =>
      ctx.data.findAppointments(args.reason, args, recordConditionOf(args)),
  },
  Appointment: {
    __resolveReference: (ref: unknown, ctx: Ctx) => {
      const id = referenceId(ref);
      return id === null ? null : ctx.data.appointmentById.load(id);
    },
    id: (a: AppointmentDocument) => a._id,
    patient: (a: AppointmentDocument) => ({ __typename: 'Patient', id: a.patientId }),
  },
  Patient: {
    __resolveReference: (ref: unknown) => {
      const id = referenceId(ref);
      return id === null ? null : { id };
    },
    appointments: (p: { id: string }, args: PageArgs, ctx: Ctx) =>
      ctx.data.appointmentsByPatient.load({ parentId: p.id, page: parsePageArgs(args, ID_PREFIX) }),
  },
} satisfies SubgraphResolvers;

/** Starts the appointments subgraph (its collection and index are created first). */
export async function startAppointmentsSubgraph(options: SubgraphStartOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startAppointmentsSubgraph', connection);
  const Appointment = registerAppointmentModel(connection);
  await Appointment.init();
  return startSubgraphServer({
    ...server,
    name: 'appointments',
    queryShape: await detectQueryShape(connection),
    typeDefs: appointmentsTypeDefs,
    resolvers,
    createContext: (caller, scope) => ({ data: appointmentData(Appointment, caller, scope) }),
  });
}
