import { piiWriteGuardOf } from '@confero/directives';
import { isoString, parsePageArgs, type PageArgs } from '@confero/subgraph-common';
import type { GraphQLResolveInfo } from 'graphql';
import { acceptPolicyVersion } from './acceptPolicyVersion.ts';
import { AUDIT_EVENT_ID_PREFIX } from './auditEventModel.ts';
import { correctShopperRecord } from './correctShopperRecord.ts';
import { CORRECTION_ID_PREFIX, type CorrectionDocument } from './correctionModel.ts';
import type { DataAccessDocument } from './selfServiceData.ts';
import type { ShopperContext } from './shopperContext.ts';
import { parseTrafficRange, type TrafficGroupBy } from './trafficStats.ts';

/**
 * Resolvers of the shopper's own data (see, correct, who looked), of policy acceptance and of
 * traffic in aggregate. They hold no policy: `@pii` on the root fields and on `Shopper` is
 * enforced by the transformer, writes by its guard (`piiWriteGuardOf(info.schema)`), and
 * "own record" is the caller's record scope (`self`).
 */
export const selfServiceQueryResolvers = {
  me: (_: unknown, _args: unknown, ctx: ShopperContext) => {
    const own = ctx.data.ownShopperId;
    return own === null ? null : ctx.data.shopperById.load(own);
  },
  myCorrections: (_: unknown, args: PageArgs, ctx: ShopperContext) => {
    const own = ctx.data.ownShopperId;
    return own === null ? null : ctx.data.correctionsOf(own, parsePageArgs(args, CORRECTION_ID_PREFIX));
  },
  myDataAccesses: (_: unknown, args: PageArgs, ctx: ShopperContext) => {
    const own = ctx.data.ownShopperId;
    return own === null ? null : ctx.data.dataAccessesOf(own, parsePageArgs(args, AUDIT_EVENT_ID_PREFIX));
  },
  trafficStats: (_: unknown, args: { groupBy: TrafficGroupBy; from?: string | null; to?: string | null }, ctx: ShopperContext) =>
    ctx.data.trafficStats(args.groupBy, parseTrafficRange(args.from, args.to), ctx.settings.trafficMinGroupSize),
};

export const selfServiceMutationResolvers = {
  correctMyRecord: (_: unknown, args: { input: unknown }, ctx: ShopperContext, info: GraphQLResolveInfo) =>
    correctShopperRecord({ data: ctx.data, guard: piiWriteGuardOf(info.schema), caller: ctx.caller, shopperId: ctx.data.ownShopperId, input: args.input }),
  correctShopperRecord: (_: unknown, args: { id: string; input: unknown }, ctx: ShopperContext, info: GraphQLResolveInfo) =>
    correctShopperRecord({ data: ctx.data, guard: piiWriteGuardOf(info.schema), caller: ctx.caller, shopperId: args.id, input: args.input }),
  acceptPolicyVersion: (_: unknown, args: { version: string }, ctx: ShopperContext, info: GraphQLResolveInfo) =>
    acceptPolicyVersion({ data: ctx.data, guard: piiWriteGuardOf(info.schema), version: args.version }),
};

export const selfServiceTypeResolvers = {
  ShopperCorrection: {
    id: (c: CorrectionDocument) => c._id,
    at: (c: CorrectionDocument) => isoString(c.at),
  },
  DataAccess: {
    at: (a: DataAccessDocument) => isoString(a.at),
  },
};
