import { Pool } from 'undici';

/** Options of {@link runClosedLoop}. */
export interface ClosedLoopOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Requests in flight at once (one keep-alive connection each). */
  connections: number;
  /** Seconds during which new requests are sent; those in flight at the end are waited for and counted. */
  duration: number;
}

/** What one closed-loop run measured. */
export interface ClosedLoopResult {
  requests: number;
  /** From the first request sent to the last answer received. */
  seconds: number;
  requestsPerSecond: number;
  /** Latency of every request, in ms, in the order they finished. */
  latenciesMs: number[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Socket errors, non-200 answers and 200 answers that carry GraphQL `errors`. */
  errors: number;
}

/**
 * `connections` callers, each sending the next request as soon as its answer is read, for
 * `duration` seconds; every latency is kept, so percentiles are exact (autocannon's histogram
 * has no p95, and a run of slow requests gives it few samples).
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const origin = new URL(options.url);
  const pool = new Pool(origin.origin, { connections: options.connections, pipelining: 1 });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.duration * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const res = await pool.request({ path: origin.pathname, method: 'POST', headers: options.headers, body: options.body });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.includes('"errors":')) errors += 1;
      } catch {
        errors += 1;
      }
      latenciesMs.push(performance.now() - sent);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, caller));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    requests: latenciesMs.length,
    seconds,
    requestsPerSecond: latenciesMs.length / seconds,
    latenciesMs,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? NaN,
    errors,
  };
}

/** The nearest-rank percentile of sorted values (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
