import autocannon from 'autocannon';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Seconds. */
  duration: number;
  connections: number;
}

/** What one autocannon run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts, non-2xx answers and 2xx answers that carry GraphQL `errors`. */
  errors: number;
}

/** Drives `url` with autocannon (programmatic API, one request shape, keep-alive connections). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    requests: [
      {
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"errors":')) graphqlErrors += 1;
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requests,
    seconds: result.duration,
    requestsPerSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
  };
}
