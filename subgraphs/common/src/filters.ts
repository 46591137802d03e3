/**
 * A MongoDB query filter, or `null` for "no record at all" (a record scope that reaches
 * nothing: data access then answers empty without asking the database).
 */
export type ScopeFilter = Record<string, unknown> | null;

/** The filter that reaches every record. */
export const ALL_RECORDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Combines filters with `$and` (so the same key in two filters, e.g. a scope's `clientId` and
 * an argument's `clientId`, must both hold). Empty filters are dropped.
 */
export function andFilters(...filters: Array<Record<string, unknown>>): Record<string, unknown> {
  const parts = filters.filter((f) => Object.keys(f).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0]!;
  return { $and: parts };
}

/** Drops the `undefined` and `null` values of an argument filter (GraphQL input → query). */
export function definedOnly(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null));
}
