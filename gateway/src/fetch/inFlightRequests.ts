interface Shared<T> {
  /** Settles after the entry has left the map, with `shared` decided. */
  readonly result: Promise<T>;
  followers: number;
  shared: boolean;
}

/**
 * Lets identical requests in flight at the same time share one execution: the first starts
 * it, those that arrive before it settles wait for it. Keys must cover everything the answer
 * depends on. When the answer was shared, no one gets the original: each caller (the first
 * one included) gets its own `copy`, so no caller can change what another one reads. Nothing
 * is kept once the execution settles: this is not a cache.
 */
export class InFlightRequests<T> {
  private readonly inFlight = new Map<string, Shared<T>>();
  private sharedCount = 0;

  constructor(private readonly copy: (value: T) => T) {}

  run(key: string, start: () => Promise<T>): Promise<T> {
    const joined = this.inFlight.get(key);
    if (joined) {
      joined.followers += 1;
      this.sharedCount += 1;
      return joined.result.then(this.copy);
    }
    const entry: Shared<T> = {
      followers: 0,
      shared: false,
      // The first reaction on `start()`: it closes the entry before any caller reads the value.
      result: start().then(
        (value) => {
          this.close(key, entry);
          return value;
        },
        (err: unknown) => {
          this.close(key, entry);
          throw err;
        },
      ),
    };
    this.inFlight.set(key, entry);
    return entry.result.then((value) => (entry.shared ? this.copy(value) : value));
  }

  /** Requests in flight now (distinct keys). */
  get size(): number {
    return this.inFlight.size;
  }

  /** How many requests so far were answered by another request's execution. */
  get shared(): number {
    return this.sharedCount;
  }

  private close(key: string, entry: Shared<T>): void {
    if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    entry.shared = entry.followers > 0;
  }
}
