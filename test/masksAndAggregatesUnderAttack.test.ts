import { maskValue, pseudonymKey } from '@confero/directives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openSystemDatabase } from './support/promiseClient.ts';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';
import { expectedRows, TRAFFIC_GROUPINGS, trueCells, visitorsOf, type Grouping, type StoredVisit, type TrafficRow, type TrueCells } from './support/trafficCells.ts';

// Privacy beyond values: what a caller could read around the masks and the aggregates.
// Pseudonyms are keyed per recipient, so two recipients cannot join their data on them.
// "We only use such Traffic Data in aggregate": an aggregate stays one only if no sequence of
// queries can be differenced down to a few visitors. These tests attack trafficStats as a
// caller would: windows that differ by a millisecond or by a day, and a day's total against its
// reported cells, on visits written for the attack (days after the seed's, where nothing else
// happens) and on the seeded ones.

const K = 5;
const D1 = '2027-02-10';
const D2 = '2027-02-11';
const D3 = '2027-02-12';
/** The target's one visit, and the millisecond after it. */
const TARGET_AT = '2027-02-10T12:34:56.789Z';
const JUST_AFTER = '2027-02-10T12:34:56.790Z';
/** The groups that only a lone visitor's visits fall in, on the attack days. */
const LONE_GROUPS = ['/reports/submit', 'Edge 126', 'Chromebook', '/account/profile', 'Safari 17', 'iPhone 15'];
const STATS = `query ($groupBy: TrafficGroupBy!, $from: String, $to: String) { trafficStats(groupBy: $groupBy, from: $from, to: $to) { day group visits visitors } }`;

type Visit = Omit<StoredVisit, 'at'> & { at: string };
const CHROME: Omit<Visit, 'at'> = { page: '/dashboard?sid=atk', browser: 'Chrome 126', device: 'Pixel 8' };
const FIREFOX: Omit<Visit, 'at'> = { page: '/account/payments?sid=atk', browser: 'Firefox 127', device: 'iPad Air' };

/**
 * Shopper index → visits. D1: six on Chrome, five on Firefox, the target on Firefox at 12:34:56.789
 * (under per-millisecond windows, Firefox's 5 → 6 would give the target's visit away), one lone
 * visitor; D2: five and five, one lone visitor.
 */
const ATTACK: ReadonlyArray<readonly Visit[]> = [
  ...Array.from({ length: 6 }, (_, i) => [{ at: `${D1}T10:0${i}:00Z`, ...CHROME }, ...(i < 5 ? [{ at: `${D2}T10:0${i}:00Z`, ...CHROME }] : [])]),
  ...Array.from({ length: 5 }, (_, i) => [{ at: `${D1}T11:0${i}:00Z`, ...FIREFOX }, { at: `${D2}T11:0${i}:00Z`, ...FIREFOX }]),
  [{ at: TARGET_AT, ...FIREFOX }],
  [{ at: `${D1}T13:00:00Z`, page: '/reports/submit?sid=atk', browser: 'Edge 126', device: 'Chromebook' }],
  [{ at: `${D2}T13:00:00Z`, page: '/account/profile?sid=atk', browser: 'Safari 17', device: 'iPhone 15' }],
];

describe('masks and aggregates under attack', () => {
  let t: TestSystem;
  const cells = new Map<Grouping, TrueCells>();
  const stats = async (groupBy: Grouping, from?: string, to?: string): Promise<TrafficRow[]> => {
    const res = await call(t, { role: 'OPERATIONS' }, 'QUALITY_SAFETY', STATS, { groupBy, from, to });
    expect(res.json.errors, `${groupBy} ${from} ${to}`).toBeUndefined();
    return res.json.data.trafficStats;
  };
  /** Every row is a true cell, counted whole, of at least K visitors. */
  const expectTrueCells = (groupBy: Grouping, rows: TrafficRow[]) => {
    for (const row of rows) {
      const truth = cells.get(groupBy)!.get(row.day)?.get(row.group);
      expect(row, groupBy).toEqual({ day: row.day, group: row.group, visits: truth?.visits, visitors: truth?.visitors.size });
      expect(row.visitors, `${groupBy} ${row.day} ${row.group}`).toBeGreaterThanOrEqual(K);
      expect(LONE_GROUPS, `${groupBy} ${row.day}`).not.toContain(row.group);
    }
  };

  beforeAll(async () => {
    t = await startTestSystem();
    const db = await openSystemDatabase(t.system.database.uri);
    try {
      for (const [i, visits] of ATTACK.entries()) {
        const shopper = t.data.shoppers[i]!;
        const ipAddress = shopper.ipAddresses![0]!;
        const added = visits.map((v) => ({ ...v, at: new Date(v.at), ipAddress, domain: 'attack.test' }));
        const stored = [...(shopper.webActivity ?? []), ...added];
        await db.shoppers.updateOne({ _id: shopper._id }, { $set: { webActivity: stored } });
      }
      const shoppers = await db.shoppers.find({}, { projection: { webActivity: 1 } }).toArray();
      for (const groupBy of TRAFFIC_GROUPINGS) cells.set(groupBy, trueCells(shoppers, groupBy));
    } finally {
      await db.connection.close();
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('gives each (role, purpose) its own pseudonyms: stable for one recipient, unrelated across recipients', async () => {
    const recipients = [
      ['SECURITY_ANALYST', 'SECURITY'],
      ['SECURITY_ANALYST', 'DEBUGGING'],
      ['RESEARCH', 'INTERNAL_RESEARCH'],
      ['LEGAL', 'MERGER_EVALUATION'],
    ] as const;
    const NAMES = `{ shoppers(first: 5) { nodes { id name } } }`;
    const seen = new Map<string, string>();
    for (const [role, purpose] of recipients) {
      const first = await call(t, { role }, purpose, NAMES);
      const again = await call(t, { role }, purpose, NAMES);
      expect(again.json.data, `${role}/${purpose}: stable`).toEqual(first.json.data);
      const key = pseudonymKey(TEST_SECRETS.hashKey, role, purpose);
      for (const { id, name } of first.json.data.shoppers.nodes as Array<{ id: string; name: string }>) {
        const shopper = t.data.shoppers.find((s) => s._id === id)!;
        expect(name, `${role}/${purpose} ${id}`).toBe(maskValue(`${shopper.firstName} ${shopper.lastName}`, 'hash', { hashKey: key, coordinate: 'Shopper.name' }));
        expect(seen.has(name), `${role}/${purpose} ${id}: a pseudonym another recipient also has`).toBe(false);
        seen.set(name, `${role}/${purpose}`);
      }
    }
    expect(seen.size).toBe(recipients.length * 5);
  });

  it('answers windows that differ by one millisecond alike: whole UTC days, never part of one', async () => {
    for (const groupBy of TRAFFIC_GROUPINGS) {
      const wholeDay = await stats(groupBy, D1, D2);
      expect(wholeDay, groupBy).toEqual(expectedRows(cells.get(groupBy)!, K, D1, D2));
      expect(wholeDay.length, `${groupBy}: the attack day reports something`).toBeGreaterThan(0);
      const windows: Array<[string, string]> = [
        [D1, TARGET_AT],
        [D1, JUST_AFTER],
        [TARGET_AT, D2],
        [JUST_AFTER, D2],
        [TARGET_AT, JUST_AFTER],
      ];
      for (const [from, to] of windows) expect(await stats(groupBy, from, to), `${groupBy} ${from} → ${to}`).toEqual(wholeDay);
      expectTrueCells(groupBy, wholeDay);
    }
  });

  it('answers windows that differ by one day with the same cells, plus that day’s own cells of at least 5 visitors', async () => {
    for (const groupBy of TRAFFIC_GROUPINGS) {
      const one = await stats(groupBy, D1, D2);
      const two = await stats(groupBy, D1, D3);
      const shifted = await stats(groupBy, D2, `${D3}T00:00:00.001Z`);
      expect(two.filter((r) => r.day === D1), groupBy).toEqual(one);
      const added = two.filter((r) => r.day !== D1);
      expect(added, groupBy).toEqual(expectedRows(cells.get(groupBy)!, K, D2, D3));
      expect(added.length, `${groupBy}: the second day reports something`).toBeGreaterThan(0);
      expect(shifted.filter((r) => r.day === D2), groupBy).toEqual(added);
      for (const rows of [one, two, shifted]) expectTrueCells(groupBy, rows);
    }
  });

  it('leaves no small group as the difference between a day and its reported cells', async () => {
    const days = await stats('DAY');
    expectTrueCells('DAY', days);
    let covered = 0;
    for (const groupBy of ['AREA', 'BROWSER', 'DEVICE'] as const) {
      const rows = await stats(groupBy);
      expect(rows, groupBy).toEqual(expectedRows(cells.get(groupBy)!, K));
      expectTrueCells(groupBy, rows);
      for (const [day, groups] of cells.get(groupBy)!) {
        const reported = rows.filter((r) => r.day === day);
        const total = days.find((r) => r.day === day);
        if (!total) {
          expect(reported, `${groupBy} ${day}: cells of a day too small to report`).toEqual([]);
          continue;
        }
        const leftOut = [...groups].filter(([group]) => !reported.some((r) => r.group === group)).map(([, cell]) => cell);
        const difference = total.visits - reported.reduce((n, r) => n + r.visits, 0);
        expect(difference, `${groupBy} ${day}`).toBe(leftOut.reduce((n, c) => n + c.visits, 0));
        const visitors = visitorsOf(leftOut).size;
        expect(visitors === 0 || visitors >= K, `${groupBy} ${day}: the day minus its cells counts ${visitors} visitor(s)`).toBe(true);
        if (visitors > 0 && reported.length > 0) covered += 1;
      }
    }
    // The attack days' lone visitors made the smallest reported cells be left out too.
    expect(covered).toBeGreaterThanOrEqual(3);
  });
});
