/** Options of {@link VerifiedTokenCache}. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept (the least recently used goes first); 0 turns the cache off. Default 10000. */
  maxEntries?: number;
  /** Longest a token is trusted without checking its signature again, in seconds (bounds how late a rotated-out key is noticed). Default 60. */
  maxAgeSeconds?: number;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  /** Until when (ms) the entry may be used: the token's `exp`, or `maxAgeSeconds` after it was verified, whichever comes first. */
  until: number;
}

/**
 * What verified tokens said, keyed by the exact token string. A token is a signed,
 * self-contained statement: until it expires, the same string verifies to the same claims,
 * so a hit can skip the signature check. Only successes are stored, each until the token's
 * own `exp` (or `maxAgeSeconds`, whichever is sooner); an expired entry is never served.
 * Bounded LRU (a Map keeps insertion order; a hit moves its entry to the end).
 */
export class VerifiedTokenCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    const { maxEntries = 10_000, maxAgeSeconds = 60, now = Date.now } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError(`VerifiedTokenCache: maxEntries must be a whole number, got ${maxEntries}`);
    if (!(maxAgeSeconds >= 0)) throw new RangeError(`VerifiedTokenCache: maxAgeSeconds must be 0 or more, got ${maxAgeSeconds}`);
    this.maxEntries = maxEntries;
    this.maxAgeMs = maxAgeSeconds * 1000;
    this.now = now;
  }

  /** What `token` verified to, if it did within its lifetime and `maxAgeSeconds`. */
  get(token: string): V | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.until) return undefined;
    this.entries.set(token, entry);
    return entry.value;
  }

  /**
   * Remembers what `token` verified to.
   * @param expiresAt the token's `exp` claim (seconds since the epoch), if it has one.
   */
  set(token: string, value: V, expiresAt: number | undefined): void {
    if (this.maxEntries === 0) return;
    const now = this.now();
    const until = Math.min(now + this.maxAgeMs, typeof expiresAt === 'number' ? expiresAt * 1000 : Infinity);
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { value, until });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
