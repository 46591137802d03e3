import { describe, expect, it } from 'vitest';
import { summarizeAuditWait, summarizeRatios, type Measurement, type Variant } from './summarize.ts';

function measurement(round: number, variant: Variant, requestsPerSecond: number, audit: { waitMs?: number; writeMs?: number } = {}): Measurement {
  return {
    mode: 'replay',
    round,
    operation: 'shopper-card',
    variant,
    requests: requestsPerSecond * 8,
    requestsPerSecond,
    p50Ms: 1,
    p99Ms: 2,
    errors: 0,
    gatewayCpuMsPerRequest: 0.3,
    subgraphCpuMsPerRequest: 0.1,
    databaseCpuMsPerRequest: 0,
    subgraphDbRoundTripsPerRequest: 0,
    auditDbRoundTripsPerRequest: variant === 'B' ? 0.125 : 0,
    ...(audit.writeMs === undefined ? {} : { auditWriteMs: audit.writeMs }),
    ...(audit.waitMs === undefined ? {} : { auditWaitMs: audit.waitMs }),
    subgraphRequestsPerRequest: 1,
    subgraphConnectionsOpened: 0,
    gatewayRssMb: 100,
  };
}

describe('summarizeAuditWait', () => {
  it('expects D from the response time without audit and the wait per response, per round, and gives their medians', () => {
    const measurements = [
      // 8 connections at 4000 req/s: R = 2 ms; a 2 ms wait on every response halves the throughput.
      measurement(1, 'D-off', 4000),
      measurement(1, 'B', 2000, { waitMs: 2, writeMs: 1.5 }),
      // R = 8 ms; a 2 ms wait: 0.8.
      measurement(2, 'D-off', 1000),
      measurement(2, 'B', 800, { waitMs: 2, writeMs: 1.5 }),
      // R = 4 ms; a 1 ms wait: 0.8.
      measurement(3, 'D-off', 2000),
      measurement(3, 'B', 1500, { waitMs: 1, writeMs: 0.5 }),
    ];
    const [w] = summarizeAuditWait(measurements, 8);
    expect(w).toBeDefined();
    expect(w!.operation).toBe('shopper-card');
    expect(w!.waitMs).toBe(2);
    expect(w!.writeMs).toBe(1.5);
    expect(w!.responseOffMs).toBe(4);
    expect(w!.expected).toBeCloseTo(0.8, 10);
    expect(w!.measured).toBeCloseTo(0.75, 10);
    // The same measured D as the ratio table's.
    const d = summarizeRatios(measurements).find((r) => r.name === 'D(on)/D(off)' && r.metric === 'requestsPerSecond');
    expect(d!.median).toBeCloseTo(w!.measured, 10);
  });

  it('gives nothing where no wait was timed (results from before it was), and no write time where none was timed', () => {
    expect(summarizeAuditWait([measurement(1, 'D-off', 4000), measurement(1, 'B', 3900)], 8)).toEqual([]);
    expect(summarizeAuditWait([measurement(1, 'D-off', 4000), measurement(1, 'B', 3900, { waitMs: Number.NaN })], 8)).toEqual([]);
    const [journal] = summarizeAuditWait([measurement(1, 'D-off', 4000), measurement(1, 'B', 3900, { waitMs: 0.02 })], 8);
    expect(journal!.writeMs).toBeNaN();
    expect(journal!.expected).toBeCloseTo(2 / 2.02, 10);
  });
});
