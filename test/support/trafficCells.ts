/** The ground truth of `trafficStats`, computed from the stored visits behind the graph's back. */

export const TRAFFIC_GROUPINGS = ['DAY', 'AREA', 'BROWSER', 'DEVICE'] as const;
export type Grouping = (typeof TRAFFIC_GROUPINGS)[number];

export interface StoredVisit {
  at: Date;
  page: string;
  browser: string;
  device: string;
}

/** One row of a `trafficStats` answer. */
export interface TrafficRow {
  day: string;
  group: string;
  visits: number;
  visitors: number;
}

/** One fixed cell: its visits and the ids of the shoppers who made them. */
export interface TrueCell {
  visits: number;
  visitors: Set<string>;
}

/** Day → group → cell, for one grouping (DAY: the day is its only group). */
export type TrueCells = Map<string, Map<string, TrueCell>>;

const groupOf = (v: StoredVisit, by: Grouping): string =>
  by === 'DAY' ? v.at.toISOString().slice(0, 10) : by === 'AREA' ? v.page.split(/[?#]/)[0] || '/' : by === 'BROWSER' ? v.browser : v.device;

/** Every (day, group) cell of the stored visits of `shoppers`. */
export function trueCells(shoppers: ReadonlyArray<{ _id: string; webActivity?: StoredVisit[] | null }>, by: Grouping): TrueCells {
  const cells: TrueCells = new Map();
  for (const shopper of shoppers) {
    for (const visit of shopper.webActivity ?? []) {
      const day = visit.at.toISOString().slice(0, 10);
      const groups = cells.get(day) ?? new Map<string, TrueCell>();
      cells.set(day, groups);
      const group = groupOf(visit, by);
      const cell = groups.get(group) ?? { visits: 0, visitors: new Set<string>() };
      cell.visits += 1;
      cell.visitors.add(shopper._id);
      groups.set(group, cell);
    }
  }
  return cells;
}

/** The visitors of some cells together. */
export const visitorsOf = (cells: Iterable<TrueCell>): Set<string> => {
  const all = new Set<string>();
  for (const cell of cells) for (const v of cell.visitors) all.add(v);
  return all;
};

/**
 * What the stated rule makes of the cells of the whole days in [fromDay, toDay): per day, the
 * cells of at least `k` visitors, less the smallest of them (fewest visitors, then by name)
 * while the cells left out hold between 1 and k − 1 visitors together.
 */
export function expectedRows(cells: TrueCells, k: number, fromDay = '0000-00-00', toDay = '9999-99-99'): TrafficRow[] {
  const rows: TrafficRow[] = [];
  for (const day of [...cells.keys()].sort()) {
    if (day < fromDay || day >= toDay) continue;
    const groups = cells.get(day)!;
    const reported = [...groups].filter(([, c]) => c.visitors.size >= k).sort(([a, x], [b, y]) => x.visitors.size - y.visitors.size || (a < b ? -1 : 1));
    const leftOut = visitorsOf([...groups.values()].filter((c) => c.visitors.size < k));
    while (leftOut.size > 0 && leftOut.size < k && reported.length > 0) for (const v of reported.shift()![1].visitors) leftOut.add(v);
    for (const [group, c] of reported.sort(([a], [b]) => (a < b ? -1 : 1))) rows.push({ day, group, visits: c.visits, visitors: c.visitors.size });
  }
  return rows;
}
