import { describe, expect, it } from 'vitest';
import { parseTrafficRange, TrafficTally, trafficGroupOf, trafficMinGroupSizeFrom } from './index.ts';

const visit = (at: string, page = '/dashboard?sid=abc1', browser = 'Firefox 127', device = 'Pixel 8') => ({ at: new Date(at), page, browser, device, ipAddress: '10.0.0.1', domain: 'isp.test' });
const ALL = { from: null, to: null };

describe('traffic in aggregate', () => {
  it('groups a visit by UTC day, site area (path without its per-visit query), browser or device', () => {
    const v = visit('2026-03-01T23:30:00-05:00', '/opportunities/search?sid=qkzt2#top');
    expect(['DAY', 'AREA', 'BROWSER', 'DEVICE'].map((g) => trafficGroupOf(v, g as never))).toEqual(['2026-03-02', '/opportunities/search', 'Firefox 127', 'Pixel 8']);
  });

  it('counts visits and distinct visitors, and leaves out groups with fewer visitors than k', () => {
    const tally = new TrafficTally('BROWSER', ALL);
    for (let i = 0; i < 5; i++) tally.add([visit('2026-03-01T10:00:00Z'), visit('2026-03-02T10:00:00Z')]);
    tally.add([visit('2026-03-01T10:00:00Z', '/', 'Edge 126'), visit('2026-03-01T11:00:00Z', '/', 'Edge 126'), visit('2026-03-01T12:00:00Z', '/', 'Edge 126')]);
    expect(tally.buckets(5)).toEqual([{ group: 'Firefox 127', visits: 10, visitors: 5 }]);
    expect(tally.buckets(2)).toEqual([{ group: 'Firefox 127', visits: 10, visitors: 5 }]);
    expect(tally.buckets(1)).toEqual([
      { group: 'Edge 126', visits: 3, visitors: 1 },
      { group: 'Firefox 127', visits: 10, visitors: 5 },
    ]);
  });

  it('counts only the visits in the range: from inclusive, to exclusive', () => {
    const tally = new TrafficTally('DAY', parseTrafficRange('2026-03-02', '2026-03-03T00:00:00Z'));
    tally.add([visit('2026-03-01T23:59:59Z'), visit('2026-03-02T00:00:00Z'), visit('2026-03-02T23:59:59Z'), visit('2026-03-03T00:00:00Z')]);
    expect(tally.buckets(1)).toEqual([{ group: '2026-03-02', visits: 2, visitors: 1 }]);
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
