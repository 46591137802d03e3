import type { Caller } from '@confero/directives';
import { emptyConnection, toConnection, type Connection, type PageRequest } from '@confero/subgraph-common';
import type DataLoader from 'dataloader';
import type { Model, QueryFilter } from 'mongoose';
import { auditEventModel, subjectFilter, type AuditEventDocument } from './auditEventModel.ts';
import { correctionId, correctionModel, type CorrectionDocument } from './correctionModel.ts';
import type { ShopperDocument, ShopperModels } from './shopperModel.ts';
import { TrafficTally, type TrafficBucket, type TrafficGroupBy, type TrafficRange } from './trafficStats.ts';

/** One access to a shopper's data as the shopper may see it: never who, only the role. */
export type DataAccessDocument = Pick<AuditEventDocument, '_id' | 'at' | 'role' | 'purpose' | 'categories'>;

/** A change to one shopper's record: the `$set` and the input paths it corrects. */
export interface RecordChange {
  set: Record<string, unknown>;
  fields: string[];
}

/** The shopper's own data and website traffic in aggregate, for one request. */
export interface SelfServiceData {
  /** The caller's own record id: set for a caller whose record scope is `self` and whose token names a shopper. */
  readonly ownShopperId: string | null;
  /** The record as stored now (not a value this request loaded before); null outside the caller's scope. */
  reloadShopper(id: string): Promise<ShopperDocument | null>;
  /** Writes `change` to the record with one `updateOne`, and its entry in `shopper_corrections` (when, which fields, which role). */
  applyChange(shopperId: string, change: RecordChange): Promise<CorrectionDocument>;
  /** A page of a shopper's corrections, newest first. */
  correctionsOf(shopperId: string, page: PageRequest): Promise<Connection<CorrectionDocument>>;
  /** A page of the audit events that returned the shopper's data to someone else, newest first; only when, role, purpose and categories are read. */
  dataAccessesOf(shopperId: string, page: PageRequest): Promise<Connection<DataAccessDocument>>;
  /** Visits of every shopper, counted in groups of at least `minGroupSize` visitors; empty unless the caller's scope is `all`. */
  trafficStats(groupBy: TrafficGroupBy, range: TrafficRange, minGroupSize: number): Promise<TrafficBucket[]>;
}

/** The visit field each grouping reads. */
const VISIT_FIELD: Record<TrafficGroupBy, string> = { DAY: 'at', AREA: 'page', BROWSER: 'browser', DEVICE: 'device' };

/** A page of `model` matching `filter`, newest first, reading only `fields`. */
async function newestFirst<T extends { _id: string }>(model: Model<T>, filter: Record<string, unknown>, page: PageRequest, fields?: string): Promise<Connection<T>> {
  const after = page.afterId === null ? {} : { _id: { $lt: page.afterId } };
  const query = model.find({ ...filter, ...after } as QueryFilter<T>).sort({ _id: -1 }).limit(page.first + 1);
  const [candidates, totalCount] = await Promise.all([
    (fields ? query.select(fields) : query).lean<T[]>(),
    model.countDocuments(filter as QueryFilter<T>),
  ]);
  return toConnection(candidates, page.first, totalCount);
}

/** Builds the self-service data access of one request. */
export function createSelfServiceData(
  models: ShopperModels,
  caller: Caller,
  scope: string,
  shopperById: DataLoader<string, ShopperDocument | null>,
): SelfServiceData {
  const { Shopper, connection, auditConnection } = models;
  const Corrections = correctionModel(connection);
  return {
    ownShopperId: scope === 'self' && caller.shopperId ? caller.shopperId : null,
    reloadShopper: (id) => shopperById.clear(id).load(id),
    async applyChange(shopperId, change) {
      const at = new Date();
      const entry: CorrectionDocument = { _id: correctionId(at), shopperId, at, fields: change.fields, role: caller.role, requestId: caller.requestId };
      // No multi-document transactions (FerretDB v1): the history entry goes first, and is taken
      // back if the record cannot be written, so the history never misses a correction.
      await Corrections.create(entry);
      try {
        const result = await Shopper.updateOne({ _id: shopperId }, { $set: change.set });
        if (result.matchedCount !== 1) throw new Error(`shopper ${shopperId} is gone`);
      } catch (err) {
        await Corrections.deleteOne({ _id: entry._id }).catch(() => {});
        throw err;
      }
      return entry;
    },
    correctionsOf: (shopperId, page) => newestFirst(Corrections, { shopperId }, page),
    async dataAccessesOf(shopperId, page) {
      if (!shopperId) return emptyConnection();
      // The shopper's own reads of their record are not "who looked at my data".
      const filter = { ...subjectFilter(shopperId), role: { $ne: 'SHOPPER' } };
      return newestFirst(auditEventModel(auditConnection) as unknown as Model<DataAccessDocument>, filter, page, 'at role purpose categories');
    },
    async trafficStats(groupBy, range, minGroupSize) {
      if (scope !== 'all') return [];
      const at = { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) };
      const filter = Object.keys(at).length > 0 ? { 'webActivity.at': at } : {};
      const tally = new TrafficTally(groupBy, range);
      const cursor = Shopper.find(filter, { _id: 1, 'webActivity.at': 1, [`webActivity.${VISIT_FIELD[groupBy]}`]: 1 })
        .batchSize(5000)
        .lean<Pick<ShopperDocument, '_id' | 'webActivity'>[]>()
        .cursor();
      for await (const shopper of cursor) tally.add(shopper.webActivity);
      return tally.buckets(minGroupSize);
    },
  };
}
