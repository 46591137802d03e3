import type { Model, QueryFilter } from 'mongoose';
import { andFilters, narrowTo, type ScopeFilter } from './filters.ts';
import { emptyConnection, pageOfList, toConnection, type Connection, type ListOrder, type PageRequest } from './pagination.ts';
import { exactPagesOf, queryShapeOf } from './queryShape.ts';

/**
 * A page of a root list: the records matching `filter` (already combined with the caller's
 * scope; `null` reaches nothing), ordered by `_id`, after the cursor. Batched shape: two queries
 * in parallel, the page (one record more, to know whether there is a next page) and the total
 * count. Per-key shape (FerretDB 1.x, which reads every matching record for a sorted or limited
 * query and again for a count): one query for the matching records, paged and counted here; for
 * a list without any filter, whose records are the whole collection, one query for the ids only,
 * then one `{ _id }` query per record of the page. Measured through the driver on the default
 * seed: 1,000 shoppers, a page of 51, 1,489 ms whole against 954 ms by ids; 272 of a client's
 * deliverables, 158 ms whole against 220 ms by ids. Pushdown shape (the project's FerretDB):
 * the first page of a list without a filter, or (a build that says `conferoExactPages`) with a
 * flat string equality (a client's deliverables), a sorted, limited query plus a `count`
 * command, which that build answers from PostgreSQL without reading every matching record; any
 * other filtered list, and a later page, as per-key.
 */
export async function findPage<T extends { _id: string }>(
  model: Model<T>,
  filter: ScopeFilter,
  page: PageRequest,
  order: ListOrder,
): Promise<Connection<T>> {
  if (filter === null) return emptyConnection();
  const shape = queryShapeOf(model.db);
  if (shape === 'pushdown' && page.afterId === null && (Object.keys(filter).length === 0 || (exactPagesOf(model.db) && isFlatStringEquality(filter)))) {
    // The project's FerretDB: the sorted, limited read and the count, without a filter or with
    // a flat string equality (in its exact SQL form), are both pushed down (neither reads every
    // matching record).
    const [candidates, totalCount] = await Promise.all([
      model.find(filter as QueryFilter<T>).sort({ _id: order === 'asc' ? 1 : -1 }).limit(page.first + 1).lean<T[]>(),
      countWhere(model, filter),
    ]);
    return toConnection(candidates, page.first, totalCount);
  }
  if (shape === 'per-key' || shape === 'pushdown') {
    if (Object.keys(filter).length > 0) {
      return pageOfList(await model.find(filter as QueryFilter<T>).batchSize(READ_BATCH_SIZE).lean<T[]>(), page, order);
    }
    // A whole collection: FerretDB reads every record either way, but only the ids travel; then
    // the page's records by id (one that was deleted meanwhile is left out).
    const ids = await model.find({}, { _id: 1 }).batchSize(READ_BATCH_SIZE).lean<Array<{ _id: string }>>();
    const idPage = pageOfList(ids, page, order);
    const records: T[] = await findByKey(model, '_id', idPage.nodes.map((n) => n._id), filter, {});
    const byId = new Map<string, T>(records.map((r) => [r._id, r]));
    return { ...idPage, nodes: idPage.nodes.map((n) => byId.get(n._id)).filter((r): r is T => r !== undefined) };
  }
  const afterCursor = page.afterId === null ? {} : { _id: order === 'asc' ? { $gt: page.afterId } : { $lt: page.afterId } };
  const [candidates, totalCount] = await Promise.all([
    model
      .find(andFilters(filter, afterCursor) as QueryFilter<T>)
      .sort({ _id: order === 'asc' ? 1 : -1 })
      .limit(page.first + 1)
      .lean<T[]>(),
    model.countDocuments(filter as QueryFilter<T>),
  ]);
  return toConnection(candidates, page.first, totalCount);
}

/**
 * The number of records of `model` matching `filter`: the `count` command (`countDocuments` is
 * an aggregation), which the project's FerretDB answers without reading the records when the
 * query is empty, and without reading those that match exactly in SQL for a flat string equality.
 */
async function countWhere<T>(model: Model<T>, filter: Record<string, unknown>): Promise<number> {
  const query = Object.keys(filter).length === 0 ? {} : { query: filter };
  const reply = await model.db.db!.command({ count: model.collection.collectionName, ...query });
  return Number(reply.n);
}

/**
 * Whether `filter` is a flat string equality (`{ clientId: 'c1' }`: top-level fields, string
 * values), whose page and count the project's FerretDB hands PostgreSQL in an exact form.
 * Anything else (a record condition's `$or`, `$ne`, `$exists`, a dotted consent) is not.
 */
function isFlatStringEquality(filter: Record<string, unknown>): boolean {
  const entries = Object.entries(filter);
  return entries.length > 0 && entries.every(([key, value]) => key !== '' && !key.startsWith('$') && !key.includes('.') && typeof value === 'string');
}

/**
 * Cursor batch size of the batched reads: large enough that a batch comes back in one round
 * trip (no `getMore`) up to the server's 16 MiB reply limit.
 */
export const READ_BATCH_SIZE = 100_000;

/**
 * The records of `model` with the given ids that `scope` reaches: one `$in` query (batched and
 * pushdown shapes), or one `{ _id }` query per id, sent together (per-key shape).
 */
export async function findByIds<T extends { _id: string }>(model: Model<T>, ids: readonly string[], scope: ScopeFilter): Promise<T[]> {
  return findByKey(model, '_id', ids, scope, {});
}

/**
 * The records of `model` whose `foreignKey` is one of `parentIds`, that `scope` reaches and
 * that match `where`: one `$in` query for all parents (batched and pushdown shapes), or one equality query
 * per parent, sent together (per-key shape).
 */
export async function findByParents<T extends { _id: string }>(
  model: Model<T>,
  foreignKey: string,
  parentIds: readonly string[],
  scope: ScopeFilter,
  where: Record<string, unknown> = {},
): Promise<T[]> {
  return findByKey(model, foreignKey, parentIds, scope, where);
}

/**
 * The most equality queries one per-key batch sends; a larger batch (nested lists of lists) is
 * one `$in` query, which FerretDB answers by reading the collection once — at that size no
 * slower than the lookups, and the round trips of a batch stay bounded.
 */
export const PER_KEY_MAX_QUERIES = 100;

async function findByKey<T extends { _id: string }>(
  model: Model<T>,
  key: string,
  values: readonly string[],
  scope: ScopeFilter,
  where: Record<string, unknown>,
): Promise<T[]> {
  if (scope === null || values.length === 0) return [];
  const base = andFilters(scope, where);
  if (queryShapeOf(model.db) !== 'per-key' || values.length > PER_KEY_MAX_QUERIES) {
    return model
      .find(andFilters(base, { [key]: { $in: [...values] } }) as QueryFilter<T>)
      .batchSize(READ_BATCH_SIZE)
      .lean<T[]>();
  }
  const filters = [...new Set(values)].map((value) => narrowTo(base, key, value)).filter((f) => f !== null);
  const found = await Promise.all(filters.map((f) => model.find(f as QueryFilter<T>).batchSize(READ_BATCH_SIZE).lean<T[]>()));
  // A record reached through two keys (a `$in` over an array field) comes back once.
  const byId = new Map<string, T>();
  for (const record of found.flat()) byId.set(record._id, record);
  return [...byId.values()];
}
