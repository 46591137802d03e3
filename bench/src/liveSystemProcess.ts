/**
 * Child process of `npm run bench:live`: the whole system as `npm start` runs it — options from
 * the environment (`systemOptionsFromEnv`: development secrets, audit on, the default seed, the
 * embedded database unless `MONGODB_URI`), on free ports, in a data folder of its own
 * (`BENCH_DATA_DIR` keeps it between runs; default a temporary one, removed on stop). Every
 * database command the subgraphs and the gateway's audit send is counted (the driver's command
 * monitoring).
 */
import { createLogger } from '@confero/gateway';
import { startSystem, systemOptionsFromEnv } from '@confero/tools';
import { serveBenchParent } from './benchChild.ts';
import { cpuMicrosOf } from './processCpu.ts';

/** What the live system process reports once it is ready. */
export interface LiveSystemReady {
  url: string;
  databaseEngine: string;
  databaseDescription: string;
  seeded: boolean;
  /** How the data layer shapes its reads, and why. */
  dataLayer: string;
  startSeconds: number;
}

serveBenchParent<LiveSystemReady>(async () => {
  const started = Date.now();
  const logger = createLogger('bench-live', 'warn');
  const built = systemOptionsFromEnv(logger, { ...process.env, PORT: '0', SHOPPER_PORT: '0', OPPORTUNITY_PORT: '0', CLIENT_PORT: '0' });
  if ('errors' in built) throw new Error(built.errors.join('\n'));
  const counters: Record<string, number> = { shopper: 0, opportunity: 0, client: 0, audit: 0, auditWrites: 0 };
  const system = await startSystem({
    ...built.options,
    // A data folder given by the benchmark is kept; without one, a temporary one, removed on stop.
    dataDir: process.env.BENCH_DATA_DIR,
    onSubgraphCommand: (subgraph) => {
      counters[subgraph] = (counters[subgraph] ?? 0) + 1;
    },
    onAuditCommand: (command) => {
      counters.audit = (counters.audit ?? 0) + 1;
      if (command === 'insert') counters.auditWrites = (counters.auditWrites ?? 0) + 1;
    },
  });
  return {
    ready: {
      url: `http://127.0.0.1:${system.gateway.port}/graphql`,
      databaseEngine: system.database.engine,
      databaseDescription: system.database.description,
      seeded: system.seeded,
      dataLayer: `${system.dataLayer.shape} queries for ${system.dataLayer.engine} (${system.dataLayer.reason})`,
      startSeconds: (Date.now() - started) / 1000,
    },
    counters,
    // The embedded database's CPU so far: its processes now (PostgreSQL starts a backend per connection).
    readCounters: async () => ({ databaseCpuMicros: (system.database.pids?.() ?? []).reduce((sum, pid) => sum + cpuMicrosOf(pid), 0) }),
    stop: () => system.stop(),
  };
});
