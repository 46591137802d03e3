import { describe, expect, it } from 'vitest';
import { PlanCache } from './index.ts';

describe('PlanCache', () => {
  it('returns what was set and counts hits and misses', () => {
    const cache = new PlanCache<string>();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'plan-a');
    expect(cache.get('a')).toBe('plan-a');
    expect(cache.get('a')).toBe('plan-a');
    expect(cache.stats()).toEqual({ size: 1, maxEntries: 1000, hits: 2, misses: 1 });
  });

  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new PlanCache<number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('refreshes an entry that is set again instead of growing', () => {
    const cache = new PlanCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(10);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('empties on clear and keeps counting', () => {
    const cache = new PlanCache<number>();
    cache.set('a', 1);
    cache.get('a');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('stays bounded under many keys', () => {
    const cache = new PlanCache<number>(1000);
    for (let i = 0; i < 5000; i += 1) cache.set(`k${i}`, i);
    expect(cache.size).toBe(1000);
    expect(cache.get('k3999')).toBeUndefined();
    expect(cache.get('k4000')).toBe(4000);
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new PlanCache(0)).toThrow(/maxEntries must be a positive integer/);
    expect(() => new PlanCache(1.5)).toThrow(RangeError);
  });
});
