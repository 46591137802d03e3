/**
 * A MongoDB query filter, or `null` for "no record at all" (a record scope that reaches
 * nothing: data access then answers empty without asking the database).
 */
export type ScopeFilter = Record<string, unknown> | null;

/** The filter that reaches every record. */
export const ALL_RECORDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Combines filters so that every one must hold. Filters on different fields are merged into
 * one flat filter (`{ clientId: 'c' }` and `{ status: 'OPEN' }` → `{ clientId: 'c', status:
 * 'OPEN' }`), the same equality twice counts once, and anything else meets in `$and` (so the
 * same key in two filters, e.g. a scope's `clientId` and an argument's other `clientId`, must
 * both hold). Empty filters are dropped. A flat filter is what an engine that pushes down only
 * top-level equality (FerretDB 1.x) can hand to its storage; `$and` it reads whole.
 */
export function andFilters(...filters: Array<Record<string, unknown>>): Record<string, unknown> {
  const parts = filters.filter((f) => Object.keys(f).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0]!;
  const merged: Record<string, unknown> = {};
  const rest: Array<Record<string, unknown>> = [];
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key.startsWith('$') || (key in merged && !sameEquality(merged[key], value))) rest.push({ [key]: value });
      else merged[key] = value;
    }
  }
  if (rest.length === 0) return merged;
  return { $and: [merged, ...rest] };
}

/** Both values are the same plain equality (a string, number or boolean), so one of them says it all. */
function sameEquality(a: unknown, b: unknown): boolean {
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return plain(a) && a === b;
}

/**
 * `filter` narrowed to the records whose `key` equals `value`, as a flat filter where the
 * filter's own condition on `key` is a plain equality or `{ $in: [...] }` (the shopper scope of a
 * client is `{ _id: { $in: ids } }`); `null` when that condition excludes `value`, so a lookup
 * per key need not ask at all. Any other condition on `key` is kept beside the equality.
 */
export function narrowTo(filter: Record<string, unknown>, key: string, value: string): Record<string, unknown> | null {
  const { [key]: condition, ...others } = filter;
  const equal = andFilters(others, { [key]: value });
  if (condition === undefined) return equal;
  if (typeof condition === 'string') return condition === value ? equal : null;
  const $in = (condition as { $in?: unknown } | null)?.$in;
  if (Array.isArray($in) && Object.keys(condition as object).length === 1) return $in.includes(value) ? equal : null;
  return andFilters(filter, { [key]: value });
}

/** Drops the `undefined` and `null` values of an argument filter (GraphQL input → query). */
export function definedOnly(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null));
}
