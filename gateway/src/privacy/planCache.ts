/**
 * A bounded LRU cache of compiled privacy plans (a Map keeps insertion order: a hit re-inserts
 * its entry, the first entry is the least recently used). Keys are built by the caller and must
 * cover everything the plan depends on: operation (hash and name), role, purpose, schema
 * generation — and the policy, where one cache serves more than one (the gateway's engine has one
 * policy and one cache). Build them unambiguously: parts that cannot contain the separator.
 */
export class PlanCache<V> {
  private readonly entries = new Map<string, V>();
  private hitCount = 0;
  private missCount = 0;
  readonly maxEntries: number;

  /** @param maxEntries most entries kept (a positive integer). Default 1000. */
  constructor(maxEntries = 1000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`PlanCache: maxEntries must be a positive integer, got ${maxEntries}.`);
    }
    this.maxEntries = maxEntries;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.missCount += 1;
      return undefined;
    }
    this.hitCount += 1;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  /** Empties the cache (e.g. on a new schema or policy); the counters keep counting. */
  clear(): void {
    this.entries.clear();
  }

  /** Hit/miss counters and size, for metrics. */
  stats(): { size: number; maxEntries: number; hits: number; misses: number } {
    return { size: this.entries.size, maxEntries: this.maxEntries, hits: this.hitCount, misses: this.missCount };
  }
}
