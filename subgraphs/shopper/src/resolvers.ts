import { recordConditionOf } from '@confero/directives';
import { isoString, parsePageArgs, referenceId, type PageArgs, type SubgraphResolvers } from '@confero/subgraph-common';
import type { AuditEventFilterArgs } from './auditEventData.ts';
import { AUDIT_EVENT_ID_PREFIX, subjectIdsOf, subjectTypesOf, type AuditEventDocument } from './auditEventModel.ts';
import type { EligibilityCriteria } from './eligibility.ts';
import { selfServiceMutationResolvers, selfServiceQueryResolvers, selfServiceTypeResolvers } from './selfServiceResolvers.ts';
import type { ShopperContext } from './shopperContext.ts';
import type { ShopperFilterArgs } from './shopperData.ts';
import type { GeoPoint, ShopperDocument, WebVisit } from './shopperModel.ts';

/** What the gateway sends for `Opportunity.eligibleShoppers` (the `@requires` fields). */
interface OpportunityRepresentation {
  id: string;
  store?: { location?: GeoPoint | null } | null;
  requirements?: { minRating?: number | null; maxDistanceKm?: number | null } | null;
  client?: { competitors?: string[] | null } | null;
}

const SHOPPER_ID_PREFIX = 'shp_';

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The `@requires` fields as eligibility criteria, or null when the representation lacks them. */
function eligibilityCriteriaOf(opportunity: OpportunityRepresentation): EligibilityCriteria | null {
  const location = opportunity.store?.location;
  const { minRating, maxDistanceKm } = opportunity.requirements ?? {};
  const competitors = opportunity.client?.competitors ?? [];
  if (!location || !isFiniteNumber(location.lat) || !isFiniteNumber(location.lng)) return null;
  if (!isFiniteNumber(minRating) || !isFiniteNumber(maxDistanceKm) || maxDistanceKm < 0) return null;
  if (!Array.isArray(competitors) || !competitors.every((c) => typeof c === 'string')) return null;
  return { location: { lat: location.lat, lng: location.lng }, minRating, maxDistanceKm, competitors };
}

/** Resolvers of the shopper subgraph: they read through `context.data` and hold no policy. */
export const shopperResolvers = {
  Query: {
    shopper: (_: unknown, args: { id: string }, ctx: ShopperContext) => ctx.data.shopperById.load(args.id),
    shoppers: (_: unknown, args: PageArgs & { filter?: ShopperFilterArgs | null }, ctx: ShopperContext) =>
      ctx.data.findShoppers(args.filter ?? {}, parsePageArgs(args, SHOPPER_ID_PREFIX), recordConditionOf(args)),
    auditEvents: (_: unknown, args: PageArgs & { filter?: AuditEventFilterArgs | null }, ctx: ShopperContext) =>
      ctx.data.findAuditEvents(args.filter ?? {}, parsePageArgs(args, AUDIT_EVENT_ID_PREFIX)),
    ...selfServiceQueryResolvers,
  },
  Mutation: selfServiceMutationResolvers,
  ...selfServiceTypeResolvers,
  AuditEvent: {
    id: (e: AuditEventDocument) => e._id,
    at: (e: AuditEventDocument) => isoString(e.at),
    subjectIds: subjectIdsOf,
    subjectTypes: subjectTypesOf,
    // Deprecated: the same ids (the reference deployment's data subjects are shoppers).
    shopperIds: subjectIdsOf,
  },
  Shopper: {
    __resolveReference: (ref: unknown, ctx: ShopperContext) => {
      const id = referenceId(ref);
      return id === null ? null : ctx.data.shopperById.load(id);
    },
    id: (s: ShopperDocument) => s._id,
    createdAt: (s: ShopperDocument) => isoString(s.createdAt),
    name: (s: ShopperDocument) => [s.firstName, s.lastName].filter(Boolean).join(' ') || null,
  },
  WebVisit: {
    at: (v: WebVisit) => isoString(v.at),
  },
  Opportunity: {
    // The representation carries the @requires fields; nothing to read here.
    __resolveReference: (ref: OpportunityRepresentation) => (referenceId(ref) === null ? null : ref),
    eligibleShoppers: (opportunity: OpportunityRepresentation, args: { first?: number | null }, ctx: ShopperContext) => {
      const { first } = parsePageArgs({ first: args.first }, SHOPPER_ID_PREFIX);
      const criteria = eligibilityCriteriaOf(opportunity);
      return criteria === null ? null : ctx.data.eligibleShoppers.load({ opportunityId: opportunity.id, ...criteria, first, readable: recordConditionOf(args) });
    },
  },
} satisfies SubgraphResolvers;
