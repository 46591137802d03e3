import type { Caller } from '@confero/directives';
import {
  createByIdLoader,
  createChildPageLoader,
  detectQueryShape,
  findByIds,
  findByParents,
  findPage,
  parsePageArgs,
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
import { registerInvoiceModel, type InvoiceDocument } from './invoiceModel.ts';

/** The billing subgraph's SDL: federation header, the `@pii` SDL of the clinic's policy, `schema.graphql`. */
export const billingTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), ['@key', '@shareable'], CLINIC_POLICY_PATH);

const ID_PREFIX = 'inv_';

/** The per-request data access: every read honours the caller's record scope. */
function invoiceData(Invoice: Model<InvoiceDocument>, caller: Caller, scope: string) {
  const reach = clinicScopeFilter(caller, scope, 'patientId');
  return {
    invoiceById: createByIdLoader((ids) => findByIds(Invoice, ids, reach)),
    findInvoices: (args: PageArgs) => findPage(Invoice, reach, parsePageArgs(args, ID_PREFIX), 'asc'),
    invoicesByPatient: createChildPageLoader({
      fetchChildren: (ids) => findByParents(Invoice, 'patientId', ids, reach),
      parentIdOf: (i) => i.patientId,
      order: 'asc',
    }),
  };
}

type Ctx = { data: ReturnType<typeof invoiceData> };

const resolvers = {
  Query: {
    invoice: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.data.invoiceById.load(args.id),
    invoices: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.data.findInvoices(args),
  },
  Invoice: {
    __resolveReference: (ref: unknown, ctx: Ctx) => {
      const id = referenceId(ref);
      return id === null ? null : ctx.data.invoiceById.load(id);
    },
    id: (i: InvoiceDocument) => i._id,
    patient: (i: InvoiceDocument) => ({ __typename: 'Patient', id: i.patientId }),
  },
  Patient: {
    __resolveReference: (ref: unknown) => {
      const id = referenceId(ref);
      return id === null ? null : { id };
    },
    invoices: (p: { id: string }, args: PageArgs, ctx: Ctx) => ctx.data.invoicesByPatient.load({ parentId: p.id, page: parsePageArgs(args, ID_PREFIX) }),
  },
} satisfies SubgraphResolvers;

/** Starts the billing subgraph (its collection and index are created first). */
export async function startBillingSubgraph(options: SubgraphStartOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startBillingSubgraph', connection);
  const Invoice = registerInvoiceModel(connection);
  await Invoice.init();
  return startSubgraphServer({
    ...server,
    name: 'billing',
    queryShape: await detectQueryShape(connection),
    typeDefs: billingTypeDefs,
    resolvers,
    createContext: (caller, scope) => ({ data: invoiceData(Invoice, caller, scope) }),
  });
}
