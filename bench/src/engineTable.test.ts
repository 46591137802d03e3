import { describe, expect, it } from 'vitest';
import { engineTable } from './engineTable.ts';
import { summarizeRatios, summarizeVariants, type Measurement, type Variant } from './summarize.ts';

function measurement(operation: string, round: number, variant: Variant, requestsPerSecond: number, subgraphRequestsPerRequest: number): Measurement {
  return {
    mode: 'replay',
    round,
    operation,
    variant,
    requests: requestsPerSecond * 5,
    requestsPerSecond,
    p50Ms: 1,
    p99Ms: 2,
    errors: 0,
    gatewayCpuMsPerRequest: 1000 / requestsPerSecond,
    subgraphCpuMsPerRequest: 0,
    databaseCpuMsPerRequest: 0,
    subgraphDbRoundTripsPerRequest: 0,
    auditDbRoundTripsPerRequest: 0,
    subgraphRequestsPerRequest,
    subgraphConnectionsOpened: 0,
    gatewayRssMb: 100,
  };
}

describe('engineTable', () => {
  it('holds a nested operation to 3× and a one-fetch operation to 1.6×, with the subgraph requests each gateway sent', () => {
    const measurements = [1, 2, 3].flatMap((round) => [
      measurement('deep', round, 'A', 100, 5),
      measurement('deep', round, 'H', 180, 4),
      measurement('deep', round, 'B', 290 + round * 10, 4), // 3.0, 3.1, 3.2
      measurement('card', round, 'A', 1000, 1),
      measurement('card', round, 'H', 1100, 1),
      measurement('card', round, 'B', 1500, 1), // 1.5
    ]);
    const lines = engineTable(summarizeVariants(measurements), summarizeRatios(measurements), [{ name: 'deep' }, { name: 'card' }]);
    const row = (name: string) => lines.find((l) => l.startsWith(`| ${name} |`))!;
    expect(row('deep')).toContain('| 5.00 · 4.00 · 4.00 |');
    expect(row('deep')).toContain('3.10 (3.00–3.20) ✓');
    expect(row('card')).toContain('1.50 (1.50–1.50) ✗');
    expect(row('card')).toContain('| 1.10 (1.10–1.10) |'); // H/A, no target
  });

  it('gives nothing for results without the baselines', () => {
    expect(engineTable([], [], [{ name: 'deep' }])).toEqual([]);
  });
});
