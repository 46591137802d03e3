import type { Caller, RecordCondition } from '@confero/directives';
import {
  andFilters,
  createByIdLoader,
  definedOnly,
  findByIds,
  findPage,
  READ_BATCH_SIZE,
  recordConditionFilter,
  type Connection,
  type PageRequest,
  type ScopeFilter,
} from '@confero/subgraph-common';
import DataLoader from 'dataloader';
import type { QueryFilter } from 'mongoose';
import { createAuditEventData, type AuditEventData } from './auditEventData.ts';
import { boundingBox, boxCondition, rankEligible, type EligibilityCandidate, type EligibilityCriteria } from './eligibility.ts';
import { createSelfServiceData, type SelfServiceData } from './selfServiceData.ts';
import { mayMatchShoppers, shopperScopeFilter } from './scope.ts';
import type { ShopperDocument, ShopperModels, ShopperStatus } from './shopperModel.ts';

/** The `shoppers` list's filter argument. */
export interface ShopperFilterArgs {
  status?: ShopperStatus | null;
  region?: string | null;
}

/** One `eligibleShoppers` question: an opportunity's criteria and the page size. */
export interface EligibilityKey extends EligibilityCriteria {
  opportunityId: string;
  first: number;
  /** The shoppers the caller may compare with the fields eligibility reads (`recordConditionOf(args)`). */
  readable?: RecordCondition;
}

/** The shopper subgraph's data access for one request; every read honours the caller's scope. */
export interface ShopperData extends AuditEventData, SelfServiceData {
  /** Shoppers by id (batched); unknown or out-of-scope ids load as null. */
  shopperById: DataLoader<string, ShopperDocument | null>;
  /**
   * A page of the `shoppers` list. `readable`: the records the caller may compare with the
   * fields its filter reads (from the transformer, `recordConditionOf(args)`); no other matches.
   */
  findShoppers(filter: ShopperFilterArgs, page: PageRequest, readable?: RecordCondition): Promise<Connection<ShopperDocument>>;
  /** Eligible shoppers per opportunity (batched: one query for all opportunities); null outside scope `all`. */
  eligibleShoppers: DataLoader<EligibilityKey, ShopperDocument[] | null, string>;
}

/** Builds the per-request data access of the shopper subgraph. */
export function createShopperData(models: ShopperModels, caller: Caller, scope: string): ShopperData {
  const { Shopper, connection } = models;
  let scopeFilter: Promise<ScopeFilter> | undefined;
  const shopperScope = () =>
    (scopeFilter ??= shopperScopeFilter(caller, scope, async (clientId) =>
      (await connection.collection('assignments').distinct('shopperId', { clientId })).map(String),
    ));

  const shopperById = createByIdLoader<ShopperDocument>(async (ids) => findByIds(Shopper, ids, await shopperScope()));

  const eligibleShoppers = new DataLoader<EligibilityKey, ShopperDocument[] | null, string>(
    async (keys) => {
      if (!mayMatchShoppers(scope)) return keys.map(() => null);
      // One query for every opportunity of the batch: each contributes its bounding box, and
      // only the shoppers whose rating, location and affiliations the caller may read compete.
      const alternatives = keys.flatMap((k) => {
        const readable = recordConditionFilter(k.readable);
        if (readable === null) return [];
        const criteria = { status: 'ACTIVE', ...boxCondition(boundingBox(k.location, k.maxDistanceKm)), rating: { $gte: k.minRating } };
        return [andFilters(readable, criteria)];
      });
      if (alternatives.length === 0) return keys.map(() => []);
      const candidates = await Shopper.find(
        { $or: alternatives } as QueryFilter<ShopperDocument>,
        { _id: 1, homeLocation: 1, rating: 1, competitorAffiliations: 1 },
      )
        .batchSize(READ_BATCH_SIZE)
        .lean<EligibilityCandidate[]>();
      const ranked = keys.map((k) => rankEligible(candidates, k).slice(0, k.first).map((r) => r.id));
      const shoppers = await shopperById.loadMany([...new Set(ranked.flat())]);
      const byId = new Map(
        shoppers.filter((s): s is ShopperDocument => !!s && !(s instanceof Error)).map((s) => [s._id, s]),
      );
      return ranked.map((ids) => ids.map((id) => byId.get(id)).filter((s): s is ShopperDocument => !!s));
    },
    { cacheKeyFn: (k) => JSON.stringify([k.opportunityId, k.location, k.minRating, k.maxDistanceKm, k.competitors, k.first, k.readable ?? null]) },
  );

  return {
    shopperById,
    async findShoppers(filter, page, readable) {
      const scoped = await shopperScope();
      const where = definedOnly({ status: filter.status, 'address.region': filter.region });
      const comparable = recordConditionFilter(readable);
      return findPage(Shopper, scoped === null || comparable === null ? null : andFilters(scoped, comparable, where), page, 'asc');
    },
    eligibleShoppers,
    ...createAuditEventData(models.auditConnection, scope),
    ...createSelfServiceData(models, caller, scope, shopperById),
  };
}
