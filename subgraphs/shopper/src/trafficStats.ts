import { ERRORS } from '@confero/directives';
import type { WebVisit } from './shopperModel.ts';

/**
 * Website traffic in aggregate ("We only use such Traffic Data in aggregate"): visits and
 * distinct visitors per UTC day, and per UTC day and site area, browser or device. Aggregates
 * are not personal information: nothing here is `@pii`, and no visit, IP address or visitor
 * leaves. They must stay aggregates under any sequence of queries, so nothing an answer holds
 * depends on the window asked for:
 * - windows snap to whole UTC days (a day is counted whole when the window touches it);
 * - every reported row is a fixed cell, (day) or (day × group), counted from that day's visits
 *   alone, and reported only with at least the minimum group size of distinct visitors; two
 *   answers share their common cells exactly, so no difference of answers isolates anything;
 * - within a day, the cells of one grouping add up to the day's visits; where the cells left
 *   out of a day hold fewer than the minimum of visitors together, the smallest reported cells
 *   are left out too, so that "the day minus its reported cells" is never a small group either.
 */

export const TRAFFIC_GROUPS = ['DAY', 'AREA', 'BROWSER', 'DEVICE'] as const;
export type TrafficGroupBy = (typeof TRAFFIC_GROUPS)[number];

/** One fixed cell of visits: a UTC day, or a UTC day and a group. */
export interface TrafficBucket {
  /** The UTC day of the visits (`YYYY-MM-DD`). */
  day: string;
  /** The day again (DAY), or the site area (`/opportunities`), browser or device. */
  group: string;
  visits: number;
  /** Distinct shoppers among the visits: what the minimum group size applies to. */
  visitors: number;
}

/** The whole UTC days to count: `from` (a UTC midnight) inclusive, `to` (a UTC midnight) exclusive; null for no bound. */
export interface TrafficRange {
  from: Date | null;
  to: Date | null;
}

/** The minimum group size when `TRAFFIC_MIN_GROUP_SIZE` is not set. */
export const DEFAULT_TRAFFIC_MIN_GROUP_SIZE = 5;

/** `TRAFFIC_MIN_GROUP_SIZE` (default 5): a whole number of at least 2; anything else stops start-up with a message naming it. */
export function trafficMinGroupSizeFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.TRAFFIC_MIN_GROUP_SIZE?.trim();
  if (raw === undefined || raw === '') return DEFAULT_TRAFFIC_MIN_GROUP_SIZE;
  const k = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(k) || k < 2) {
    throw new Error(`TRAFFIC_MIN_GROUP_SIZE must be a whole number of at least 2 (the smallest group of visitors trafficStats reports), got "${raw}"`);
  }
  return k;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(name: 'from' | 'to', value: string | null | undefined): Date | null {
  if (value == null) return null;
  const at = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : DATE_TIME.test(value) ? new Date(value) : null;
  if (at === null || Number.isNaN(at.getTime())) {
    throw ERRORS.BAD_USER_INPUT.err(`"${name}" must be an ISO 8601 date (2026-03-01) or date-time with a zone (2026-03-01T10:00:00Z), got ${JSON.stringify(value)}`);
  }
  return at;
}

const DAY_MS = 86_400_000;
const floorDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (at: Date) => new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);

/**
 * Reads `from` / `to` and snaps them outwards to whole UTC days: `from` to the midnight that
 * starts its day, `to` to the midnight that ends its day (unless it is one). Throws
 * `BAD_USER_INPUT` when one is not an ISO 8601 date or date-time, or when `from` is not before `to`.
 */
export function parseTrafficRange(from: string | null | undefined, to: string | null | undefined): TrafficRange {
  const range = { from: instant('from', from), to: instant('to', to) };
  if (range.from && range.to && range.from >= range.to) throw ERRORS.BAD_USER_INPUT.err('"from" must be before "to"');
  return { from: range.from && floorDay(range.from), to: range.to && ceilDay(range.to) };
}

/** The group one visit falls in. A site area is the page's path, without its query (a per-visit marker) or fragment. */
export function trafficGroupOf(visit: Partial<WebVisit>, groupBy: TrafficGroupBy): string | undefined {
  switch (groupBy) {
    case 'DAY':
      return visit.at instanceof Date ? visit.at.toISOString().slice(0, 10) : undefined;
    case 'AREA':
      return typeof visit.page === 'string' ? visit.page.split(/[?#]/)[0] || '/' : undefined;
    case 'BROWSER':
      return visit.browser ?? undefined;
    case 'DEVICE':
      return visit.device ?? undefined;
  }
}

/** The visits and distinct visitors (numbered per shopper) of one cell. */
interface Cell {
  visits: number;
  visitors: Set<number>;
}

const newCell = (): Cell => ({ visits: 0, visitors: new Set() });
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The groups of one day to report: those with at least `k` visitors, less the smallest of them
 * (fewest visitors, then by name) while the groups left out hold between 1 and `k - 1` visitors
 * together — else the day's total minus the reported groups would count a small group.
 */
export function reportedGroups(groups: ReadonlyMap<string, Cell>, k: number): string[] {
  const reported = [...groups].filter(([, cell]) => cell.visitors.size >= k).sort(([a, x], [b, y]) => x.visitors.size - y.visitors.size || byName(a, b));
  const leftOut = new Set<number>();
  for (const [, cell] of groups) if (cell.visitors.size < k) for (const v of cell.visitors) leftOut.add(v);
  while (leftOut.size > 0 && leftOut.size < k && reported.length > 0) {
    for (const v of reported.shift()![1].visitors) leftOut.add(v);
  }
  return reported.map(([group]) => group).sort(byName);
}

/** Counts visits shopper by shopper into fixed (day) and (day × group) cells, then reports those large enough. */
export class TrafficTally {
  private readonly days = new Map<string, { total: Cell; groups: Map<string, Cell> }>();
  private shoppers = 0;

  constructor(
    private readonly groupBy: TrafficGroupBy,
    private readonly range: TrafficRange,
  ) {}

  /** Adds one shopper's visits (those outside the range's days are skipped). */
  add(visits: ReadonlyArray<Partial<WebVisit>> | null | undefined): void {
    const visitor = this.shoppers++;
    for (const visit of visits ?? []) {
      const at = visit.at instanceof Date && !Number.isNaN(visit.at.getTime()) ? visit.at : null;
      if (at === null || (this.range.from && at < this.range.from) || (this.range.to && at >= this.range.to)) continue;
      const group = trafficGroupOf(visit, this.groupBy);
      if (group === undefined) continue;
      const dayKey = at.toISOString().slice(0, 10);
      let day = this.days.get(dayKey);
      if (!day) this.days.set(dayKey, (day = { total: newCell(), groups: new Map() }));
      let cell = day.groups.get(group);
      if (!cell) day.groups.set(group, (cell = newCell()));
      for (const counted of [day.total, cell]) {
        counted.visits += 1;
        counted.visitors.add(visitor);
      }
    }
  }

  /** The cells with at least `minGroupSize` visitors (see {@link reportedGroups}), by day, then group. */
  buckets(minGroupSize: number): TrafficBucket[] {
    const out: TrafficBucket[] = [];
    for (const dayKey of [...this.days.keys()].sort(byName)) {
      const day = this.days.get(dayKey)!;
      const groups = this.groupBy === 'DAY' ? new Map([[dayKey, day.total]]) : day.groups;
      for (const group of reportedGroups(groups, minGroupSize)) {
        const cell = groups.get(group)!;
        out.push({ day: dayKey, group, visits: cell.visits, visitors: cell.visitors.size });
      }
    }
    return out;
  }
}
