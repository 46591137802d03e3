import { subgraphError } from '@confero/subgraph-common';
import type { WebVisit } from './shopperModel.ts';

/**
 * Website traffic in aggregate ("We only use such Traffic Data in aggregate"): visits and
 * distinct visitors per day, site area, browser or device. A group with fewer visitors than the
 * minimum group size is left out, so no answer singles out a few people. Aggregates are not
 * personal information: nothing here is `@pii`, and no visit, IP address or visitor leaves.
 */

export const TRAFFIC_GROUPS = ['DAY', 'AREA', 'BROWSER', 'DEVICE'] as const;
export type TrafficGroupBy = (typeof TRAFFIC_GROUPS)[number];

/** One group of visits. */
export interface TrafficBucket {
  /** The day (`YYYY-MM-DD`, UTC), site area (`/opportunities`), browser or device. */
  group: string;
  visits: number;
  /** Distinct shoppers among the visits: what the minimum group size applies to. */
  visitors: number;
}

/** The visits to count: `from` inclusive, `to` exclusive; null for no bound. */
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
    throw subgraphError('BAD_USER_INPUT', `"${name}" must be an ISO 8601 date (2026-03-01) or date-time with a zone (2026-03-01T10:00:00Z), got ${JSON.stringify(value)}`);
  }
  return at;
}

/** Reads `from` / `to`; throws `BAD_USER_INPUT` when one is not an ISO 8601 date or when `from` is not before `to`. */
export function parseTrafficRange(from: string | null | undefined, to: string | null | undefined): TrafficRange {
  const range = { from: instant('from', from), to: instant('to', to) };
  if (range.from && range.to && range.from >= range.to) throw subgraphError('BAD_USER_INPUT', '"from" must be before "to"');
  return range;
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

/** Counts visits shopper by shopper, then reports the groups that are large enough. */
export class TrafficTally {
  private readonly groups = new Map<string, { visits: number; visitors: number }>();

  constructor(
    private readonly groupBy: TrafficGroupBy,
    private readonly range: TrafficRange,
  ) {}

  /** Adds one shopper's visits (those outside the range are skipped). */
  add(visits: ReadonlyArray<Partial<WebVisit>> | null | undefined): void {
    const seen = new Set<string>();
    for (const visit of visits ?? []) {
      const at = visit.at instanceof Date ? visit.at : null;
      if (at === null || (this.range.from && at < this.range.from) || (this.range.to && at >= this.range.to)) continue;
      const group = trafficGroupOf(visit, this.groupBy);
      if (group === undefined) continue;
      const counts = this.groups.get(group) ?? { visits: 0, visitors: 0 };
      counts.visits += 1;
      if (!seen.has(group)) counts.visitors += 1;
      seen.add(group);
      this.groups.set(group, counts);
    }
  }

  /** The groups with at least `minGroupSize` visitors, by group. */
  buckets(minGroupSize: number): TrafficBucket[] {
    return [...this.groups]
      .filter(([, counts]) => counts.visitors >= minGroupSize)
      .map(([group, counts]) => ({ group, ...counts }))
      .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  }
}
