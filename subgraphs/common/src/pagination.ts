import { ERRORS } from '@confero/directives';

/** Page size when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page size a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** The pagination arguments as a list field receives them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validated pagination arguments: the page size and the `_id` to continue after. */
export interface PageRequest {
  first: number;
  afterId: string | null;
}

/** Order of a list; every list is ordered by `_id` (ids are allocated in creation order). */
export type ListOrder = 'asc' | 'desc';

/** A page of a list, as the `*Connection` types of the schemas expect it. */
export interface Connection<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount: number;
}

/** The opaque cursor of a record: base64url of its `_id`. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/**
 * Reads a cursor back; it must be canonical base64url of an id that starts with `idPrefix`
 * (so a cursor from another list is refused too). Throws `INVALID_CURSOR` otherwise.
 */
export function decodeCursor(cursor: string, idPrefix: string): string {
  const id = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!id || encodeCursor(id) !== cursor || !id.startsWith(idPrefix) || !/^[A-Za-z0-9_]+$/.test(id)) {
    throw ERRORS.INVALID_CURSOR.err(`"after" is not a cursor of this list; use pageInfo.endCursor of the previous page`);
  }
  return id;
}

/** Validates `first` (1..100, default 20) and `after`; throws the coded GraphQL error on bad input. */
export function parsePageArgs(args: PageArgs, idPrefix: string): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw ERRORS.PAGE_SIZE_OUT_OF_RANGE.err(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return { first, afterId: args.after == null ? null : decodeCursor(args.after, idPrefix) };
}

/** An empty page (a caller whose scope reaches no record). */
export function emptyConnection<T>(): Connection<T> {
  return { nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 };
}

/** Whether `id` comes after `afterId` in `order`. */
export function isAfter(id: string, afterId: string, order: ListOrder): boolean {
  return order === 'asc' ? id > afterId : id < afterId;
}

/** Compares two records by `_id` in `order`. */
export function compareIds(order: ListOrder): (a: { _id: string }, b: { _id: string }) => number {
  return order === 'asc'
    ? (a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
    : (a, b) => (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

/**
 * Builds a page from records already ordered and already past the cursor: `candidates` may hold
 * one record more than the page (that one only tells that there is a next page).
 */
export function toConnection<T extends { _id: string }>(candidates: readonly T[], first: number, totalCount: number): Connection<T> {
  const nodes = candidates.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: { endCursor: last ? encodeCursor(last._id) : null, hasNextPage: candidates.length > first },
    totalCount,
  };
}

/** Pages a whole, unordered list in memory (the per-parent lists of a batched loader). */
export function pageOfList<T extends { _id: string }>(all: readonly T[], page: PageRequest, order: ListOrder): Connection<T> {
  const sorted = [...all].sort(compareIds(order));
  const rest = page.afterId === null ? sorted : sorted.filter((r) => isAfter(r._id, page.afterId!, order));
  return toConnection(rest.slice(0, page.first + 1), page.first, all.length);
}
