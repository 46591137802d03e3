import DataLoader from 'dataloader';
import { pageOfList, type Connection, type ListOrder, type PageRequest } from './pagination.ts';

/**
 * A per-request loader of records by id: every `load` of one tick becomes one call of
 * `fetch` (one `$in` query). Unknown or out-of-scope ids load as `null`.
 */
export function createByIdLoader<T extends { _id: string }>(
  fetch: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await fetch(ids)).map((r) => [r._id, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** The key of one per-parent list page. */
export interface ChildPageKey {
  parentId: string;
  page: PageRequest;
  /** Extra equality conditions of the list's arguments (e.g. `{ status: 'OPEN' }`). Default none. */
  where?: Record<string, unknown>;
}

/** Options of {@link createChildPageLoader}. */
export interface ChildPageLoaderOptions<T> {
  /** All children of `parentIds` matching `where`, within the caller's scope: one `$in` query. */
  fetchChildren: (parentIds: readonly string[], where: Record<string, unknown>) => Promise<T[]>;
  /** The parent id of a child (its foreign key). */
  parentIdOf: (child: T) => string;
  /** Order of each page by `_id`. */
  order: ListOrder;
}

/**
 * A per-request loader of per-parent paginated lists (`Client.opportunities`, …): all parents
 * of one tick are fetched with one query per distinct `where` (one per field alias at most,
 * never one per parent); grouping, ordering, cursor and slicing happen in memory, and
 * `totalCount` comes from the same data.
 */
export function createChildPageLoader<T extends { _id: string }>(
  options: ChildPageLoaderOptions<T>,
): DataLoader<ChildPageKey, Connection<T>, string> {
  const { fetchChildren, parentIdOf, order } = options;
  return new DataLoader<ChildPageKey, Connection<T>, string>(
    async (keys) => {
      const byWhere = new Map<string, { where: Record<string, unknown>; parentIds: Set<string> }>();
      for (const key of keys) {
        const signature = JSON.stringify(key.where ?? {});
        const group = byWhere.get(signature) ?? { where: key.where ?? {}, parentIds: new Set<string>() };
        group.parentIds.add(key.parentId);
        byWhere.set(signature, group);
      }
      const childrenByGroup = new Map<string, Map<string, T[]>>();
      await Promise.all(
        [...byWhere].map(async ([signature, group]) => {
          const children = await fetchChildren([...group.parentIds], group.where);
          childrenByGroup.set(signature, groupBy(children, parentIdOf));
        }),
      );
      return keys.map((key) => {
        const children = childrenByGroup.get(JSON.stringify(key.where ?? {}))?.get(key.parentId) ?? [];
        return pageOfList(children, key.page, order);
      });
    },
    { cacheKeyFn: (key) => JSON.stringify([key.parentId, key.page.first, key.page.afterId, key.where ?? {}]) },
  );
}

/**
 * A per-request loader of whole per-parent lists (`Assignment.deliverables`), ordered by `_id`:
 * all parents of one tick are fetched with one query.
 */
export function createChildListLoader<T extends { _id: string }>(
  fetchChildren: (parentIds: readonly string[]) => Promise<T[]>,
  parentIdOf: (child: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const grouped = groupBy(await fetchChildren(parentIds), parentIdOf);
    return parentIds.map((id) => (grouped.get(id) ?? []).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)));
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
