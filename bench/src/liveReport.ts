import { median } from './summarize.ts';

/** One closed-loop window: one operation at one concurrency in one round. */
export interface LiveMeasurement {
  /** The system measured (`--variants`). */
  variant: string;
  round: number;
  operation: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  errors: number;
  /** Commands the subgraphs sent to the database over the window, per request. */
  subgraphCommandsPerRequest: number;
  /** Audit writes (inserts) over the window, per request (batched under load). */
  auditWritesPerRequest: number;
  /** CPU of the embedded database's processes over the window, per request (NaN for an external one). */
  databaseCpuMsPerRequest: number;
  /** CPU of the Node process running the gateway and the subgraphs, per request. */
  systemCpuMsPerRequest: number;
}

/** Database commands per request, counted with sequential requests (nothing else runs: exact). */
export interface LiveProbe {
  variant: string;
  operation: string;
  /** The first request of the operation (cold plan and query caches). */
  firstMs: number;
  bytes: number;
  bySubgraph: Record<string, number>;
  subgraphCommands: number;
  auditCommands: number;
  sequentialMs: number[];
}

/** What `npm run bench:live` writes to `<label>.json`. */
export interface LiveResults {
  startedAt: string;
  finishedAt: string;
  label: string;
  note: string;
  machine: { node: string; cpus: number; cpuModel: string };
  settings: { rounds: number; durationSeconds: number; connections: number[]; seed: Record<string, number> };
  /** The systems measured side by side, the first the reference of the ratios. */
  variants: Array<{ name: string; env: Record<string, string>; database: string; dataLayer: string; startSeconds: number; seededNow: boolean }>;
  operations: Array<{ name: string; title: string; caller: string; variables: Record<string, unknown> }>;
  probes: LiveProbe[];
  measurements: LiveMeasurement[];
}

/** The issue's targets: p50 at one connection on the default seed, in ms. */
export const LIVE_TARGETS_MS: Record<string, number> = {
  'shopper-card': 15,
  'shoppers-50': 60,
  'shopper-profile': 60,
  'dashboard-10': 80,
  'dashboard-50': 200,
};

/** Median, min and max of one figure over rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spreadOf(values: number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}

/** One row of the report: an operation at one concurrency, over all rounds. */
export interface LiveSummary {
  variant: string;
  operation: string;
  connections: number;
  p50Ms: Spread;
  p95Ms: Spread;
  requestsPerSecond: Spread;
  requests: number;
  errors: number;
  databaseCpuMsPerRequest: number;
  systemCpuMsPerRequest: number;
  auditWritesPerRequest: number;
}

export function summarizeLive(measurements: LiveMeasurement[]): LiveSummary[] {
  const keys = [...new Set(measurements.map((m) => `${m.operation}\u0000${m.connections}\u0000${m.variant}`))];
  return keys.map((key) => {
    const [operation, connections, variant] = key.split('\u0000') as [string, string, string];
    const ms = measurements.filter((m) => m.operation === operation && m.connections === Number(connections) && m.variant === variant);
    return {
      variant,
      operation,
      connections: Number(connections),
      p50Ms: spreadOf(ms.map((m) => m.p50Ms)),
      p95Ms: spreadOf(ms.map((m) => m.p95Ms)),
      requestsPerSecond: spreadOf(ms.map((m) => m.requestsPerSecond)),
      requests: ms.reduce((sum, m) => sum + m.requests, 0),
      errors: ms.reduce((sum, m) => sum + m.errors, 0),
      databaseCpuMsPerRequest: median(ms.map((m) => m.databaseCpuMsPerRequest)),
      systemCpuMsPerRequest: median(ms.map((m) => m.systemCpuMsPerRequest)),
      auditWritesPerRequest: median(ms.map((m) => m.auditWritesPerRequest)),
    };
  });
}

/** Per operation and concurrency, the median over rounds of a variant's p50 over the first variant's in the same round. */
export interface LiveRatio {
  operation: string;
  connections: number;
  variant: string;
  reference: string;
  p50Ratio: Spread;
  requestsPerSecondRatio: Spread;
}

export function summarizeRatios(measurements: LiveMeasurement[], variants: string[]): LiveRatio[] {
  const [reference, ...others] = variants;
  if (reference === undefined) return [];
  const out: LiveRatio[] = [];
  for (const key of [...new Set(measurements.map((m) => `${m.operation}\u0000${m.connections}`))]) {
    const [operation, connections] = key.split('\u0000') as [string, string];
    for (const variant of others) {
      const p50: number[] = [];
      const rps: number[] = [];
      for (const round of new Set(measurements.map((m) => m.round))) {
        const find = (v: string) => measurements.find((m) => m.operation === operation && m.connections === Number(connections) && m.round === round && m.variant === v);
        const [over, under] = [find(variant), find(reference)];
        if (!over || !under) continue;
        p50.push(over.p50Ms / under.p50Ms);
        rps.push(over.requestsPerSecond / under.requestsPerSecond);
      }
      if (p50.length > 0) out.push({ operation, connections: Number(connections), variant, reference, p50Ratio: spreadOf(p50), requestsPerSecondRatio: spreadOf(rps) });
    }
  }
  return out;
}

const ms = (v: number) => (!Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const withRange = (s: Spread, fmt: (v: number) => string) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

/** The Markdown report (`<label>.md`, and the README's table). */
export function liveReportMarkdown(results: LiveResults): string {
  const { settings } = results;
  const summary = summarizeLive(results.measurements);
  const variants = results.variants.map((v) => v.name);
  const several = variants.length > 1;
  const lines = [
    `# What a user feels: ${results.label}`,
    '',
    results.note ? `${results.note}\n` : '',
    `The system as \`npm start\` runs it (audit on, development secrets), default seed ` +
      `(${Object.entries(settings.seed).map(([k, v]) => `${v} ${k}`).join(', ')}). ${settings.rounds} rounds of ${settings.durationSeconds} s per operation, concurrency${several ? ' and variant (order rotated per round)' : ''}, ` +
      `closed loop on loopback keep-alive connections; medians over rounds (min–max). Node ${results.machine.node}, ${results.machine.cpus} CPUs ` +
      `(${results.machine.cpuModel}) shared with other work. Started ${results.startedAt}.`,
    '',
    ...results.variants.map(
      (v) =>
        `- ${several ? `**${v.name}**${Object.keys(v.env).length ? ` (\`${Object.entries(v.env).map(([k, val]) => `${k}=${val}`).join(' ')}\`)` : ''}: ` : ''}${v.database.replace(/, data in .*$/, '')}; data layer: ${v.dataLayer}; ready in ${v.startSeconds.toFixed(1)} s${v.seededNow ? ' (seeded now)' : ''}.`,
    ),
    '',
    `| operation | caller | connections |${several ? ' variant |' : ''} p50 ms | p95 ms | req/s | target p50 (1 conn.) | database CPU ms/req | node CPU ms/req | errors |`,
    `|---|---|---|${several ? '---|' : ''}---|---|---|---|---|---|---|`,
  ];
  for (const row of summary) {
    const op = results.operations.find((o) => o.name === row.operation);
    const target = LIVE_TARGETS_MS[row.operation];
    const verdict = row.connections === 1 && target !== undefined ? `≤ ${target} ${row.p50Ms.median <= target ? '✓' : '✗'}` : '';
    lines.push(
      `| ${row.operation} | ${op?.caller ?? ''} | ${row.connections} |${several ? ` ${row.variant} |` : ''} ${withRange(row.p50Ms, ms)} | ${withRange(row.p95Ms, ms)} | ${withRange(row.requestsPerSecond, (v) => v.toFixed(1))} | ${verdict} | ${ms(row.databaseCpuMsPerRequest)} | ${ms(row.systemCpuMsPerRequest)} | ${row.errors} of ${row.requests} |`,
    );
  }
  if (several) {
    lines.push('', `## Ratios to ${variants[0]}, within each round`, '', 'Median of the per-round ratios (min–max): below 1 for p50 is faster, above 1 for req/s is more.', '');
    lines.push('| operation | connections | variant | p50 ratio | req/s ratio |', '|---|---|---|---|---|');
    for (const r of summarizeRatios(results.measurements, variants)) {
      lines.push(`| ${r.operation} | ${r.connections} | ${r.variant} | ${withRange(r.p50Ratio, (v) => v.toFixed(3))} | ${withRange(r.requestsPerSecondRatio, (v) => v.toFixed(2))} |`);
    }
  }
  lines.push(
    '',
    '## Database commands per request',
    '',
    "Counted from the driver with sequential requests (nothing else running: exact). Audit commands are the gateway's writes of the audit event (one per response that carries personal data; batched under load).",
    '',
    `| operation |${several ? ' variant |' : ''} shopper | opportunity | client | subgraphs total | audit | first request ms | sequential ms | response bytes |`,
    `|---|${several ? '---|' : ''}---|---|---|---|---|---|---|---|`,
  );
  for (const p of results.probes) {
    lines.push(
      `| ${p.operation} |${several ? ` ${p.variant} |` : ''} ${p.bySubgraph.shopper} | ${p.bySubgraph.opportunity} | ${p.bySubgraph.client} | ${p.subgraphCommands} | ${p.auditCommands} | ${ms(p.firstMs)} | ${p.sequentialMs.map(ms).join(', ')} | ${p.bytes} |`,
    );
  }
  return `${lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n')}\n`;
}
