import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verifiedTokenCache.ts';

describe('VerifiedTokenCache', () => {
  const clock = (start = 1_000_000) => {
    const c = { now: start, tick: (ms: number) => (c.now += ms) };
    return c;
  };

  it('serves what a token verified to, by its exact string only', () => {
    const cache = new VerifiedTokenCache<string>({ now: () => 0 });
    cache.set('a.b.c', 'alice', undefined);
    expect(cache.get('a.b.c')).toBe('alice');
    expect(cache.get('a.b.d')).toBeUndefined();
    expect(cache.get('a.b.c ')).toBeUndefined();
  });

  it('never serves a token at or past its exp', () => {
    const c = clock();
    const cache = new VerifiedTokenCache<string>({ now: () => c.now, maxAgeSeconds: 3600 });
    cache.set('t', 'alice', c.now / 1000 + 10);
    c.tick(9_999);
    expect(cache.get('t')).toBe('alice');
    c.tick(1);
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('checks a token again after maxAgeSeconds even when it expires later', () => {
    const c = clock();
    const cache = new VerifiedTokenCache<string>({ now: () => c.now, maxAgeSeconds: 60 });
    cache.set('t', 'alice', c.now / 1000 + 3600);
    c.tick(59_999);
    expect(cache.get('t')).toBe('alice');
    c.tick(1);
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a token that has already expired', () => {
    const c = clock();
    const cache = new VerifiedTokenCache<string>({ now: () => c.now });
    cache.set('t', 'alice', c.now / 1000 - 1);
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used token beyond maxEntries', () => {
    const cache = new VerifiedTokenCache<string>({ now: () => 0, maxEntries: 2 });
    cache.set('a', 'A', undefined);
    cache.set('b', 'B', undefined);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', undefined);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('stores nothing with maxEntries 0, and refuses options that cannot work', () => {
    const cache = new VerifiedTokenCache<string>({ maxEntries: 0 });
    cache.set('a', 'A', undefined);
    expect(cache.get('a')).toBeUndefined();
    expect(() => new VerifiedTokenCache({ maxEntries: -1 })).toThrow(/maxEntries/);
    expect(() => new VerifiedTokenCache({ maxAgeSeconds: Number.NaN })).toThrow(/maxAgeSeconds/);
  });
});
