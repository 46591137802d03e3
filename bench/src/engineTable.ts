import type { RatioSummary, VariantSummary } from './summarize.ts';

/** The throughput targets for the privacy gateway (B) over the plain Apollo Gateway (A), without request sharing. */
export const ENGINE_TARGETS = { nested: 3, oneFetch: 1.6 } as const;

/**
 * The engine comparison of one mode, as Markdown lines: per operation, the subgraph requests
 * each gateway sends per response (A plain Apollo Gateway, H Hive Gateway with the Rust
 * planner, B this gateway), A's throughput, B/A against the target (an operation the plain
 * gateway answers with one subgraph request is a one-fetch operation), H/A and B/H, and the
 * gateway CPU per request. Nothing when neither baseline was measured.
 */
export function engineTable(variants: readonly VariantSummary[], ratios: readonly RatioSummary[], operations: ReadonlyArray<{ name: string }>): string[] {
  if (!variants.some((v) => v.variant === 'H' || v.variant === 'A')) return [];
  const n = (value: number | undefined, digits: number) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–');
  const ratio = (operation: string, name: RatioSummary['name'], metric: RatioSummary['metric'] = 'requestsPerSecond') =>
    ratios.find((r) => r.operation === operation && r.name === name && r.metric === metric);
  const cell = (r: RatioSummary | undefined, target?: number) =>
    r ? `${n(r.median, 2)} (${n(r.min, 2)}–${n(r.max, 2)})${target === undefined ? '' : r.median >= target ? ' ✓' : ' ✗'}` : '–';
  const lines = [
    'Engines: subgraph requests per response, throughput ratios (median of per-round ratios, min–max) and gateway CPU per request. A plain Apollo Gateway · H Hive Gateway with the Rust query planner · B this gateway (privacy on, full access). B/A target: ≥ 3 on nested operations, ≥ 1.6 on one-fetch operations (those A answers with one subgraph request).',
    '',
    '| operation | subgraph requests/response A · H · B | A req/s | B/A req/s (target) | H/A req/s | B/H req/s | gateway CPU ms/req A · H · B |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { name } of operations) {
    const of = (variant: string) => variants.find((v) => v.operation === name && v.variant === variant);
    const [a, h, b] = [of('A'), of('H'), of('B')];
    if (!a && !h && !b) continue;
    const target = a && a.subgraphRequestsPerRequest <= 1.05 ? ENGINE_TARGETS.oneFetch : ENGINE_TARGETS.nested;
    lines.push(
      `| ${name} | ${n(a?.subgraphRequestsPerRequest, 2)} · ${n(h?.subgraphRequestsPerRequest, 2)} · ${n(b?.subgraphRequestsPerRequest, 2)} | ${n(a?.requestsPerSecond, 1)} | ${cell(ratio(name, 'B/A'), Number.isFinite(a?.subgraphRequestsPerRequest ?? NaN) ? target : undefined)} | ${cell(ratio(name, 'H/A'))} | ${cell(ratio(name, 'B/H'))} | ${n(a?.gatewayCpuMsPerRequest, 2)} · ${n(h?.gatewayCpuMsPerRequest, 2)} · ${n(b?.gatewayCpuMsPerRequest, 2)} |`,
    );
  }
  lines.push('');
  return lines;
}
