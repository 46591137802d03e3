import { describe, expect, it } from 'vitest';
import { parseTrafficRange, TrafficTally, trafficGroupOf, trafficMinGroupSizeFrom } from './trafficStats.ts';

const visit = (at: string, page = '/dashboard?sid=abc1', browser = 'Firefox 127', device = 'Pixel 8') => ({ at: new Date(at), page, browser, device, ipAddress: '10.0.0.1', domain: 'isp.test' });
const ALL = { from: null, to: null };

describe('traffic in aggregate', () => {
  it('groups a visit by UTC day, site area (path without its per-visit query), browser or device', () => {
    const v = visit('2026-03-01T23:30:00-05:00', '/opportunities/search?sid=qkzt2#top');
    expect(['DAY', 'AREA', 'BROWSER', 'DEVICE'].map((g) => trafficGroupOf(v, g as never))).toEqual(['2026-03-02', '/opportunities/search', 'Firefox 127', 'Pixel 8']);
  });

  it('counts visits and distinct visitors per UTC day and group, and leaves out cells with fewer visitors than k', () => {
    const tally = new TrafficTally('BROWSER', ALL);
    for (let i = 0; i < 5; i++) tally.add([visit('2026-03-01T10:00:00Z'), visit('2026-03-01T11:00:00Z'), visit('2026-03-02T10:00:00Z')]);
    for (let i = 0; i < 5; i++) tally.add([visit('2026-03-01T12:00:00Z', '/', 'Edge 126')]);
    expect(tally.buckets(5)).toEqual([
      { day: '2026-03-01', group: 'Edge 126', visits: 5, visitors: 5 },
      { day: '2026-03-01', group: 'Firefox 127', visits: 10, visitors: 5 },
      { day: '2026-03-02', group: 'Firefox 127', visits: 5, visitors: 5 },
    ]);
    expect(tally.buckets(6)).toEqual([]);
  });

  it('reports one row per UTC day for DAY, the day as its group', () => {
    const tally = new TrafficTally('DAY', ALL);
    for (let i = 0; i < 5; i++) tally.add([visit('2026-03-01T10:00:00Z'), visit('2026-03-01T23:59:59.999Z', '/', 'Edge 126')]);
    tally.add([visit('2026-03-02T00:00:00Z')]);
    expect(tally.buckets(5)).toEqual([{ day: '2026-03-01', group: '2026-03-01', visits: 10, visitors: 5 }]);
  });

  describe('when the cells left out of a day hold fewer than k visitors together', () => {
    // Day total 13 visits; without complementary suppression, 13 − (6 + 6) would count the one lone visit.
    const tally = new TrafficTally('AREA', ALL);
    for (let i = 0; i < 6; i++) tally.add([visit('2026-03-01T10:00:00Z', '/dashboard')]);
    for (let i = 0; i < 6; i++) tally.add([visit('2026-03-01T11:00:00Z', '/account/payments')]);
    tally.add([visit('2026-03-01T12:00:00Z', '/reports/submit')]);

    it('leaves out the smallest reported cell too (fewest visitors, then by name)', () => {
      expect(tally.buckets(5)).toEqual([{ day: '2026-03-01', group: '/dashboard', visits: 6, visitors: 6 }]);
    });

    it('leaves out no more than it must: the day total minus what is reported covers at least k visitors', () => {
      const day = new TrafficTally('DAY', ALL);
      for (let i = 0; i < 13; i++) day.add([visit('2026-03-01T10:00:00Z')]);
      const [total] = day.buckets(5);
      const reported = tally.buckets(5).reduce((n, b) => n + b.visits, 0);
      expect(total!.visits - reported).toBe(7);
    });

    it('leaves the day whole when nothing is left out of it, or everything is', () => {
      const whole = new TrafficTally('AREA', ALL);
      for (let i = 0; i < 6; i++) whole.add([visit('2026-03-01T10:00:00Z', '/dashboard'), visit('2026-03-01T10:30:00Z', '/reports/submit')]);
      expect(whole.buckets(5).map((b) => b.group)).toEqual(['/dashboard', '/reports/submit']);
      expect(whole.buckets(7)).toEqual([]);
    });
  });

  it('counts whole UTC days: a window snaps outwards to the midnights around it', () => {
    expect(parseTrafficRange('2026-03-02T10:00:00.001Z', '2026-03-02T10:00:00.002Z')).toEqual({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') });
    expect(parseTrafficRange('2026-03-02', '2026-03-04T00:00:00Z')).toEqual({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') });
    expect(parseTrafficRange('2026-03-02T23:30:00-05:00', null)).toEqual({ from: new Date('2026-03-03T00:00:00Z'), to: null });
    const tally = new TrafficTally('DAY', parseTrafficRange('2026-03-02T12:00:00Z', '2026-03-02T12:00:00.001Z'));
    tally.add([visit('2026-03-01T23:59:59.999Z'), visit('2026-03-02T00:00:00Z'), visit('2026-03-02T23:59:59.999Z'), visit('2026-03-03T00:00:00Z')]);
    expect(tally.buckets(1)).toEqual([{ day: '2026-03-02', group: '2026-03-02', visits: 2, visitors: 1 }]);
  });

  it('answers two windows that differ by a millisecond alike', () => {
    const visits = Array.from({ length: 40 }, (_, i) => [visit(`2026-03-0${1 + (i % 3)}T${String(10 + (i % 7)).padStart(2, '0')}:00:00.${String(i).padStart(3, '0')}Z`, i % 2 ? '/a' : '/b')]);
    const answer = (from: string, to: string) => {
      const tally = new TrafficTally('AREA', parseTrafficRange(from, to));
      for (const v of visits) tally.add(v);
      return tally.buckets(5);
    };
    const boundary = '2026-03-02T12:00:00.019Z';
    expect(answer('2026-03-01', boundary)).toEqual(answer('2026-03-01', '2026-03-02T12:00:00.020Z'));
    expect(answer(boundary, '2026-03-04')).toEqual(answer('2026-03-02T12:00:00.020Z', '2026-03-04'));
    expect(answer('2026-03-01', boundary).length).toBeGreaterThan(0);
  });

  it.each([
    ['2026-13-45', null, /"from" must be an ISO 8601 date/],
    ['yesterday', null, /"from" must be an ISO 8601 date/],
    [null, '2026-03-01T10:00:00', /"to" must be an ISO 8601 date/],
    ['2026-03-02', '2026-03-01', /"from" must be before "to"/],
  ])('refuses from %s to %s with BAD_USER_INPUT', (from, to, message) => {
    expect(() => parseTrafficRange(from, to)).toThrow(message);
    try {
      parseTrafficRange(from, to);
    } catch (err) {
      expect((err as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('reads the minimum group size from TRAFFIC_MIN_GROUP_SIZE (default 5, at least 2)', () => {
    expect(trafficMinGroupSizeFrom({})).toBe(5);
    expect(trafficMinGroupSizeFrom({ TRAFFIC_MIN_GROUP_SIZE: ' 10 ' })).toBe(10);
    for (const bad of ['1', '0', '-3', '2.5', 'five']) {
      expect(() => trafficMinGroupSizeFrom({ TRAFFIC_MIN_GROUP_SIZE: bad })).toThrow(/^TRAFFIC_MIN_GROUP_SIZE must be a whole number of at least 2/);
    }
  });
});
