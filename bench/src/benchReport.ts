import { engineTable } from './engineTable.ts';
import { renderMarkdown, summarizeRatios, summarizeVariants, summarizeAuditWait, type BenchMode, type Measurement, type RoundTripProbe } from './summarize.ts';

/** One mode's results, as `latest.json` keeps them. */
export interface ModeResults {
  mode: BenchMode;
  /** One request per operation and variant before the load (status, size, privacy counts, data equal to A's). */
  checks: Array<Record<string, unknown>>;
  roundTrips: RoundTripProbe[];
  measurements: Measurement[];
  summary: ReturnType<typeof summarizeVariants>;
  ratios: ReturnType<typeof summarizeRatios>;
}

/** What `npm run bench` writes to `latest.json`. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  settings: {
    rounds: number;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    liveConnections: number;
    tokenCache: 'on' | 'off';
    shareInFlight: 'on' | 'off';
    /** The privacy gateway's engine (B, C, D). Absent in results from before there were two (= apollo). */
    queryPlanner?: 'apollo' | 'hive';
    /** Absent in results from before the journal existed (= off); `on`: a journal without fsync; `fsync`: one fsync per group-commit batch. */
    auditJournal?: 'on' | 'fsync' | 'off';
    seed: Record<string, number>;
    database: string;
    /** `--pin`: the CPUs of the gateway children and of everything else, as each process reported its affinity. Absent: not pinned. */
    pinning?: { gatewayCpus: string; otherCpus: string; affinities: Record<string, string> };
  };
  operations: Array<{ name: string; title: string; variables: Record<string, unknown>; restrictedCaller: { role: string; purpose: string } }>;
  modes: ModeResults[];
  memory: Array<{ process: string; peakRssMb: number }>;
}

/** What an audited response waits for, by `--audit-journal` setting. */
const JOURNAL_WAITS = {
  off: 'audited responses wait for the audit store',
  on: 'audited responses wait for a local journal append, not synced',
  fsync: 'audited responses wait for a local journal append and the one fsync of its batch',
} as const;

/** A mode's results with its medians and ratios computed from its measurements. */
export function modeResults(mode: BenchMode, checks: ModeResults['checks'], roundTrips: RoundTripProbe[], measurements: Measurement[]): ModeResults {
  return { mode, checks, roundTrips, measurements, summary: summarizeVariants(measurements), ratios: summarizeRatios(measurements) };
}

/** The Markdown report (`latest.md`, and the README's table). */
export function reportMarkdown(results: BenchResults): string {
  const { settings, machine } = results;
  const settingsLine =
    `${settings.rounds} interleaved rounds (variant order rotated per round), ${settings.durationSeconds} s per measurement after ${settings.warmupSeconds} s warm-up, ` +
    `${settings.connections} connections (live: ${settings.liveConnections}), loopback; ` +
    (settings.pinning
      ? `pinned (\`--pin\`): each gateway alone on CPU ${settings.pinning.gatewayCpus}, the load generator, subgraphs, replay proxies and database on CPU ${settings.pinning.otherCpus} (as reported: ${Object.entries(settings.pinning.affinities).map(([k, v]) => `${k} ${v}`).join(', ')}); `
      : 'not pinned (gateways, load generator, subgraphs and proxies share every CPU); ') +
    `privacy gateway: query planner ${settings.queryPlanner ?? 'hive'}, token cache ${settings.tokenCache}, shared in-flight queries ${settings.shareInFlight}, audit journal ${settings.auditJournal ?? 'off'} (${JOURNAL_WAITS[settings.auditJournal ?? 'off']}). ` +
    `Seed: ${Object.entries(settings.seed).map(([k, v]) => `${v} ${k}`).join(', ')}. ${settings.database.replace(/, data in .*$/, '')}. ` +
    `Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}) shared with other work. Started ${results.startedAt}.`;
  return renderMarkdown({
    title: 'Privacy gateway vs plain Apollo Gateway and Hive Gateway',
    settings: settingsLine,
    operations: results.operations,
    sections: results.modes.map((s) => ({
      mode: s.mode,
      heading: s.mode === 'live' ? 'Live: subgraphs on the seeded database' : 'Replay: the gateways alone (subgraph answers replayed from memory)',
      note:
        s.mode === 'live'
          ? 'Subgraph round trips per request are counted with sequential requests (exact), and under load in brackets (lower where identical queries in flight share a subgraph request; higher when few requests finish in a window, as requests still in flight at its end count too); audit round trips are the batched writes per request under load.'
          : 'A proxy in front of each subgraph answers a request it has seen (same query, variables and caller claims) from memory: every variant gets the same near-zero subgraph cost, so throughput is bounded by the gateway. The database then serves only the audit: its CPU per request is what storing the audit events costs, on the same cores.',
      variants: s.summary,
      ratios: s.ratios,
      probes: s.mode === 'live' ? s.roundTrips : [],
      connections: s.mode === 'live' ? settings.liveConnections : settings.connections,
      auditWait: summarizeAuditWait(s.measurements, s.mode === 'live' ? settings.liveConnections : settings.connections),
      preface: engineTable(s.summary, s.ratios, results.operations),
    })),
    memory: results.memory,
  });
}
