import { median, unique } from './median.ts';

export { median };

/** `live`: the subgraphs on the seeded database; `replay`: recorded subgraph answers (the gateways alone). */
export type BenchMode = 'live' | 'replay';

/** The benchmark's variants: A plain Apollo Gateway; H Hive Gateway (Rust planner); B full access; C restricted; D-off B without audit (D-on is B). */
export const VARIANTS = ['A', 'H', 'B', 'C', 'D-off'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_TITLES: Record<Variant, string> = {
  A: 'A plain Apollo Gateway',
  H: 'H Hive Gateway with the Rust query planner',
  B: 'B privacy gateway, full access (audit on)',
  C: 'C privacy gateway, restricted role',
  'D-off': 'D-off B with audit off',
};

/** One measured window of one variant on one operation. */
export interface Measurement {
  mode: BenchMode;
  round: number;
  operation: string;
  variant: Variant;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Gateway process CPU (user + system) over the window, per request. */
  gatewayCpuMsPerRequest: number;
  /** Subgraph process CPU over the window, per request (replay proxies included). */
  subgraphCpuMsPerRequest: number;
  /** Database process CPU (embedded FerretDB) over the window, per request; NaN when not measurable. */
  databaseCpuMsPerRequest: number;
  /** Commands the subgraphs sent to the database over the window, per request. */
  subgraphDbRoundTripsPerRequest: number;
  /** Audit writes (insert commands) over the window, per request (batched under load). */
  auditDbRoundTripsPerRequest: number;
  /** Mean time the audit store took to answer a write (the driver's command duration), in ms; NaN without writes. Absent in results from before it was measured. */
  auditWriteMs?: number;
  /** Mean time an audited response waited for its audit event (store mode: for the write that carried it; journal: for the append), in ms; NaN without audit. Absent in results from before it was measured. */
  auditWaitMs?: number;
  /** `--audit-journal fsync`: fsyncs of the audit journal over the window, per request (one per group-commit batch, so at most one per audited request). Absent otherwise. */
  journalFsyncsPerRequest?: number;
  /** Replay mode: subgraph requests that reached the replay proxies, per request (shared in-flight queries make it < the plan's fetches). */
  subgraphRequestsPerRequest: number;
  /** Replay mode: TCP connections the gateway opened to the subgraphs over the window (keep-alive: a handful). */
  subgraphConnectionsOpened: number;
  gatewayRssMb: number;
}

export interface VariantSummary {
  operation: string;
  variant: Variant;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  gatewayCpuMsPerRequest: number;
  subgraphCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number;
  subgraphDbRoundTripsPerRequest: number;
  auditDbRoundTripsPerRequest: number;
  auditWriteMs: number;
  subgraphRequestsPerRequest: number;
  /** Summed over rounds. */
  subgraphConnectionsOpened: number;
  /** Requests measured over all rounds. */
  requests: number;
}

/** A ratio per round and the median of those ratios, with its spread (min–max). */
export interface RatioSummary {
  operation: string;
  name: 'B/A' | 'C/A' | 'D(on)/D(off)' | 'H/A' | 'B/H';
  metric: 'requestsPerSecond' | 'gatewayCpuMsPerRequest' | 'p50Ms';
  perRound: number[];
  median: number;
  min: number;
  max: number;
  /** Throughput ratios only: the target and whether the median meets it. */
  target?: number;
  met?: boolean;
}

/** Medians over rounds, per operation and variant (errors are summed). */
export function summarizeVariants(measurements: Measurement[]): VariantSummary[] {
  const out: VariantSummary[] = [];
  for (const operation of unique(measurements.map((m) => m.operation))) {
    for (const variant of VARIANTS) {
      const ms = measurements.filter((m) => m.operation === operation && m.variant === variant);
      if (ms.length === 0) continue;
      const med = (pick: (m: Measurement) => number) => median(ms.map(pick));
      out.push({
        operation,
        variant,
        requestsPerSecond: med((m) => m.requestsPerSecond),
        p50Ms: med((m) => m.p50Ms),
        p99Ms: med((m) => m.p99Ms),
        errors: ms.reduce((sum, m) => sum + m.errors, 0),
        gatewayCpuMsPerRequest: med((m) => m.gatewayCpuMsPerRequest),
        subgraphCpuMsPerRequest: med((m) => m.subgraphCpuMsPerRequest),
        databaseCpuMsPerRequest: med((m) => m.databaseCpuMsPerRequest),
        requests: ms.reduce((sum, m) => sum + m.requests, 0),
        subgraphDbRoundTripsPerRequest: med((m) => m.subgraphDbRoundTripsPerRequest),
        auditDbRoundTripsPerRequest: med((m) => m.auditDbRoundTripsPerRequest),
        auditWriteMs: med((m) => m.auditWriteMs ?? NaN),
        subgraphRequestsPerRequest: med((m) => m.subgraphRequestsPerRequest),
        subgraphConnectionsOpened: ms.reduce((sum, m) => sum + m.subgraphConnectionsOpened, 0),
      });
    }
  }
  return out;
}

const RATIOS: Array<{ name: RatioSummary['name']; over: Variant; under: Variant; target?: number }> = [
  { name: 'B/A', over: 'B', under: 'A', target: 0.95 },
  { name: 'C/A', over: 'C', under: 'A', target: 1.0 },
  { name: 'D(on)/D(off)', over: 'B', under: 'D-off', target: 0.95 },
  { name: 'H/A', over: 'H', under: 'A' },
  { name: 'B/H', over: 'B', under: 'H' },
];

/** Per-round ratios of throughput (with the targets), gateway CPU per request and p50 latency. */
export function summarizeRatios(measurements: Measurement[]): RatioSummary[] {
  const out: RatioSummary[] = [];
  const metrics: RatioSummary['metric'][] = ['requestsPerSecond', 'gatewayCpuMsPerRequest', 'p50Ms'];
  for (const operation of unique(measurements.map((m) => m.operation))) {
    for (const ratio of RATIOS) {
      for (const metric of metrics) {
        const perRound: number[] = [];
        for (const round of unique(measurements.map((m) => m.round))) {
          const find = (variant: Variant) => measurements.find((m) => m.operation === operation && m.round === round && m.variant === variant);
          const over = find(ratio.over);
          const under = find(ratio.under);
          if (over && under && under[metric] > 0 && Number.isFinite(over[metric])) perRound.push(over[metric] / under[metric]);
        }
        if (perRound.length === 0) continue;
        const med = median(perRound);
        out.push({
          operation,
          name: ratio.name,
          metric,
          perRound,
          median: med,
          min: Math.min(...perRound),
          max: Math.max(...perRound),
          ...(metric === 'requestsPerSecond' && ratio.target !== undefined ? { target: ratio.target, met: med >= ratio.target } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * What the wait for the audit costs D, per operation. With `connections` requests in a closed
 * loop, throughput = connections / mean response time (Little's law). Without audit a response
 * takes R = connections / (D-off req/s); if nothing else were done while each response waits W
 * for its audit event, D(on)/D(off) would be R / (R + W). The measured D is higher where other
 * requests' work fills the wait, lower where the audit's CPU, on the same cores, slows the rest.
 * Per round: W is B's mean audit wait, R from the same round's D-off.
 */
export interface AuditWaitSummary {
  operation: string;
  /** Median over rounds of B's mean audit store answer time per write (driver's view), ms; NaN when not timed. */
  writeMs: number;
  /** Median over rounds of B's mean audit wait per response, ms. */
  waitMs: number;
  /** Median over rounds of the mean response time without audit, connections / D-off req/s, ms. */
  responseOffMs: number;
  /** Median over rounds of R / (R + W). */
  expected: number;
  /** Median over rounds of the measured D(on)/D(off) req/s, for comparison. */
  measured: number;
}

/** {@link AuditWaitSummary} per operation; empty when no wait was timed (results from before it was). */
export function summarizeAuditWait(measurements: Measurement[], connections: number): AuditWaitSummary[] {
  const out: AuditWaitSummary[] = [];
  for (const operation of unique(measurements.map((m) => m.operation))) {
    const rounds = unique(measurements.map((m) => m.round)).flatMap((round) => {
      const find = (variant: Variant) => measurements.find((m) => m.operation === operation && m.round === round && m.variant === variant);
      const on = find('B');
      const off = find('D-off');
      const waitMs = on?.auditWaitMs ?? NaN;
      if (!on || !off || !(off.requestsPerSecond > 0) || !Number.isFinite(waitMs)) return [];
      const responseOffMs = (connections / off.requestsPerSecond) * 1000;
      return [{ writeMs: on.auditWriteMs ?? NaN, waitMs, responseOffMs, expected: responseOffMs / (responseOffMs + waitMs), measured: on.requestsPerSecond / off.requestsPerSecond }];
    });
    if (rounds.length === 0) continue;
    const med = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
    out.push({
      operation,
      writeMs: med((r) => r.writeMs),
      waitMs: med((r) => r.waitMs),
      responseOffMs: med((r) => r.responseOffMs),
      expected: med((r) => r.expected),
      measured: med((r) => r.measured),
    });
  }
  return out;
}

/** Round trips per request measured with sequential requests (exact: nothing else runs). */
export interface RoundTripProbe {
  operation: string;
  variant: Variant;
  subgraph: number;
  audit: number;
  bySubgraph: Record<string, number>;
}

/** One mode's results, for the Markdown report. */
export interface MarkdownSection {
  mode: BenchMode;
  heading: string;
  note: string;
  variants: VariantSummary[];
  ratios: RatioSummary[];
  probes: RoundTripProbe[];
  /** What the audited responses' wait alone costs D (none where it was not timed). */
  auditWait: AuditWaitSummary[];
  /** Concurrent connections of the section's load. */
  connections: number;
  /** Lines shown first in the section (the engine comparison). Default: none. */
  preface?: string[];
}

export interface MarkdownInput {
  title: string;
  settings: string;
  operations: Array<{ name: string; title: string }>;
  sections: MarkdownSection[];
  memory: Array<{ process: string; peakRssMb: number }>;
}

/** The results as Markdown tables (for `latest.md` and the README). */
export function renderMarkdown(input: MarkdownInput): string {
  const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  const lines: string[] = [`# ${input.title}`, '', input.settings, ''];
  lines.push('A: plain Apollo Gateway · H: Hive Gateway with the Rust query planner · B: privacy gateway, full access, audit on (= D-on) · C: privacy gateway, restricted role · D-off: B with audit off', '');
  for (const section of input.sections) {
    lines.push(`## ${section.heading}`, '', section.note, '', ...(section.preface ?? []));
    lines.push('Median of per-round ratios (min–max); ✓/✗ against the target.', '');
    lines.push('| operation | B/A req/s (≥ 0.95) | C/A req/s (≥ 1.0) | D(on)/D(off) req/s (≥ 0.95) | B/A gateway CPU/req | C/A gateway CPU/req |');
    lines.push('|---|---|---|---|---|---|');
    const cell = (operation: string, name: RatioSummary['name'], metric: RatioSummary['metric']) => {
      const r = section.ratios.find((x) => x.operation === operation && x.name === name && x.metric === metric);
      if (!r) return '–';
      const mark = r.met === undefined ? '' : r.met ? ' ✓' : ' ✗';
      return `${n(r.median, 2)} (${n(r.min, 2)}–${n(r.max, 2)})${mark}`;
    };
    for (const op of input.operations) {
      lines.push(
        `| ${op.name} | ${cell(op.name, 'B/A', 'requestsPerSecond')} | ${cell(op.name, 'C/A', 'requestsPerSecond')} | ${cell(op.name, 'D(on)/D(off)', 'requestsPerSecond')} | ${cell(op.name, 'B/A', 'gatewayCpuMsPerRequest')} | ${cell(op.name, 'C/A', 'gatewayCpuMsPerRequest')} |`,
      );
    }
    lines.push('');
    if (section.auditWait.length > 0) {
      lines.push(
        `What the wait for the audit costs: ${section.connections} connections in a closed loop serve ${section.connections} / (mean response time) req/s. If a response takes R without audit and nothing else were done while it waits W for its audit event, D(on)/D(off) would be R / (R + W). The measured D is higher where other requests' work fills the wait, lower where the audit's CPU, on the same cores, slows the rest. W is B's mean wait (the gateway's \`confero_audit_write_duration_seconds\`: in store mode for the write that carries the event, with the journal for the append at the end of the event loop's turn); w is the store's mean answer time per write (the driver's; with the journal, the shipping behind the responses):`,
        '',
        '| operation | w: store answer ms per write | W: wait ms per response | R: response ms without audit | R / (R + W) | D measured |',
        '|---|---|---|---|---|---|',
      );
      for (const w of section.auditWait) lines.push(`| ${w.operation} | ${n(w.writeMs, 2)} | ${n(w.waitMs, 2)} | ${n(w.responseOffMs, 2)} | ${n(w.expected, 2)} | ${n(w.measured, 2)} |`);
      lines.push('');
    }
    const live = section.mode === 'live';
    lines.push(
      live
        ? '| operation | variant | req/s | p50 ms | p99 ms | errors / requests | DB round trips/req: subgraphs alone (under load) + audit | gateway CPU ms/req | subgraph CPU ms/req | database CPU ms/req |'
        : '| operation | variant | req/s | p50 ms | p99 ms | errors / requests | audit writes/req | gateway CPU ms/req | audit store CPU ms/req | subgraph requests/req | subgraph connections opened |',
    );
    lines.push(live ? '|---|---|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const op of input.operations) {
      for (const v of section.variants.filter((x) => x.operation === op.name)) {
        const probe = section.probes.find((p) => p.operation === op.name && p.variant === v.variant);
        const subgraphTrips = probe ? probe.subgraph : v.subgraphDbRoundTripsPerRequest;
        const common = `| ${op.name} | ${v.variant} | ${n(v.requestsPerSecond, 1)} | ${n(v.p50Ms)} | ${n(v.p99Ms)} | ${v.errors} / ${v.requests} |`;
        lines.push(
          live
            ? `${common} ${n(subgraphTrips, 1)} (${n(v.subgraphDbRoundTripsPerRequest, 1)}) + ${n(v.auditDbRoundTripsPerRequest, 2)} | ${n(v.gatewayCpuMsPerRequest, 2)} | ${n(v.subgraphCpuMsPerRequest, 2)} | ${n(v.databaseCpuMsPerRequest, 1)} |`
            : `${common} ${n(v.auditDbRoundTripsPerRequest, 2)} | ${n(v.gatewayCpuMsPerRequest, 2)} | ${n(v.databaseCpuMsPerRequest, 2)} | ${n(v.subgraphRequestsPerRequest, 2)} | ${v.subgraphConnectionsOpened} |`,
        );
      }
    }
    lines.push('');
  }
  lines.push('## Peak memory (RSS, whole run)', '', '| process | peak RSS MB |', '|---|---|');
  for (const m of input.memory) lines.push(`| ${m.process} | ${n(m.peakRssMb)} |`);
  lines.push('');
  return lines.join('\n');
}
