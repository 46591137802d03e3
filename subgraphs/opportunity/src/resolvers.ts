import { definedOnly, isoString, parsePageArgs, referenceId, type PageArgs, type SubgraphResolvers } from '@confero/subgraph-common';
import type { OpportunityContext } from './opportunityContext.ts';
import type { DeliverableFilterArgs, EntityReference, OpportunityFilterArgs } from './opportunityData.ts';
import type {
  AssignmentDocument,
  CheckIn,
  DeliverableDocument,
  OpportunityDocument,
  OpportunityStatus,
  Receipt,
} from './opportunityModels.ts';

type Ctx = OpportunityContext;
type Ref = { id: string };

/** Resolves a representation by its string id; a missing or malformed id resolves to null. */
function byReference<T>(representation: unknown, resolve: (id: string) => T): T | null {
  const id = referenceId(representation);
  return id === null ? null : resolve(id);
}

/** Resolvers of the opportunity subgraph: they read through `context.data` and hold no policy. */
export const opportunityResolvers = {
  Query: {
    opportunity: (_: unknown, args: Ref, ctx: Ctx) => ctx.data.opportunityById.load(args.id),
    opportunities: (_: unknown, args: PageArgs & { filter?: OpportunityFilterArgs | null }, ctx: Ctx) =>
      ctx.data.findOpportunities(args.filter ?? {}, parsePageArgs(args, 'opp_')),
    assignment: (_: unknown, args: Ref, ctx: Ctx) => ctx.data.assignmentById.load(args.id),
    deliverable: (_: unknown, args: Ref, ctx: Ctx) => ctx.data.deliverableById.load(args.id),
    deliverables: (_: unknown, args: PageArgs & { filter?: DeliverableFilterArgs | null }, ctx: Ctx) =>
      ctx.data.findDeliverables(args.filter ?? {}, parsePageArgs(args, 'dlv_')),
  },
  Opportunity: {
    __resolveReference: (ref: unknown, ctx: Ctx) => byReference(ref, (id) => ctx.data.opportunityById.load(id)),
    id: (o: OpportunityDocument) => o._id,
    client: (o: OpportunityDocument): EntityReference<'Client'> => ({ __typename: 'Client', id: o.clientId }),
    windowStart: (o: OpportunityDocument) => isoString(o.windowStart),
    windowEnd: (o: OpportunityDocument) => isoString(o.windowEnd),
    assignments: (o: OpportunityDocument, args: PageArgs, ctx: Ctx) =>
      ctx.data.assignmentsByOpportunity.load({ parentId: o._id, page: parsePageArgs(args, 'asg_') }),
  },
  Assignment: {
    __resolveReference: (ref: unknown, ctx: Ctx) => byReference(ref, (id) => ctx.data.assignmentById.load(id)),
    id: (a: AssignmentDocument) => a._id,
    opportunity: (a: AssignmentDocument, _: unknown, ctx: Ctx) => ctx.data.opportunityById.load(a.opportunityId),
    shopper: (a: AssignmentDocument): EntityReference<'Shopper'> => ({ __typename: 'Shopper', id: a.shopperId }),
    acceptedAt: (a: AssignmentDocument) => isoString(a.acceptedAt),
    deliverables: (a: AssignmentDocument, _: unknown, ctx: Ctx) => ctx.data.deliverablesByAssignment.load(a._id),
  },
  Deliverable: {
    __resolveReference: (ref: unknown, ctx: Ctx) => byReference(ref, (id) => ctx.data.deliverableById.load(id)),
    id: (d: DeliverableDocument) => d._id,
    assignment: (d: DeliverableDocument, _: unknown, ctx: Ctx) => ctx.data.assignmentById.load(d.assignmentId),
    opportunity: (d: DeliverableDocument, _: unknown, ctx: Ctx) => ctx.data.opportunityById.load(d.opportunityId),
    shopper: (d: DeliverableDocument): EntityReference<'Shopper'> => ({ __typename: 'Shopper', id: d.shopperId }),
    submittedAt: (d: DeliverableDocument) => isoString(d.submittedAt),
  },
  Receipt: {
    purchasedAt: (r: Receipt) => isoString(r.purchasedAt),
  },
  CheckIn: {
    at: (c: CheckIn) => isoString(c.at),
  },
  Shopper: {
    __resolveReference: (ref: unknown, ctx: Ctx) => byReference(ref, ctx.data.shopperReference),
    assignments: (s: Ref, args: PageArgs, ctx: Ctx) =>
      ctx.data.assignmentsByShopper.load({ parentId: s.id, page: parsePageArgs(args, 'asg_') }),
  },
  Client: {
    __resolveReference: (ref: unknown, ctx: Ctx) => byReference(ref, ctx.data.clientReference),
    opportunities: (c: Ref, args: PageArgs & { status?: OpportunityStatus | null }, ctx: Ctx) =>
      ctx.data.opportunitiesByClient.load({
        parentId: c.id,
        page: parsePageArgs(args, 'opp_'),
        where: definedOnly({ status: args.status }),
      }),
  },
} satisfies SubgraphResolvers;
