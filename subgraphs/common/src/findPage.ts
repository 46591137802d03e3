import type { Model, QueryFilter } from 'mongoose';
import { andFilters, type ScopeFilter } from './filters.ts';
import { emptyConnection, toConnection, type Connection, type ListOrder, type PageRequest } from './pagination.ts';

/**
 * A page of a root list: the records matching `filter` (already combined with the caller's
 * scope; `null` reaches nothing), ordered by `_id`, after the cursor. Two queries, in parallel:
 * the page (one record more, to know whether there is a next page) and the total count.
 */
export async function findPage<T extends { _id: string }>(
  model: Model<T>,
  filter: ScopeFilter,
  page: PageRequest,
  order: ListOrder,
): Promise<Connection<T>> {
  if (filter === null) return emptyConnection();
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
 * Cursor batch size of the batched reads: large enough that a batch comes back in one round
 * trip (no `getMore`) up to the server's 16 MiB reply limit.
 */
export const READ_BATCH_SIZE = 100_000;

/** The records of `model` with the given ids that `scope` reaches (one `$in` query). */
export async function findByIds<T extends { _id: string }>(model: Model<T>, ids: readonly string[], scope: ScopeFilter): Promise<T[]> {
  if (scope === null || ids.length === 0) return [];
  return model.find(andFilters(scope, { _id: { $in: [...ids] } }) as QueryFilter<T>).batchSize(READ_BATCH_SIZE).lean<T[]>();
}

/**
 * The records of `model` whose `foreignKey` is one of `parentIds`, that `scope` reaches and
 * that match `where` (one `$in` query for all parents).
 */
export async function findByParents<T extends { _id: string }>(
  model: Model<T>,
  foreignKey: string,
  parentIds: readonly string[],
  scope: ScopeFilter,
  where: Record<string, unknown> = {},
): Promise<T[]> {
  if (scope === null || parentIds.length === 0) return [];
  return model
    .find(andFilters(scope, where, { [foreignKey]: { $in: [...parentIds] } }) as QueryFilter<T>)
    .batchSize(READ_BATCH_SIZE)
    .lean<T[]>();
}
