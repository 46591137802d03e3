/**
 * Child process of the benchmark: the database (embedded FerretDB, or MONGODB_URI) seeded
 * (default seed unless `BENCH_SEED` gives sizes), and the three subgraphs, with every database
 * command they send counted (the driver's command monitoring). In front of each subgraph, a
 * replay proxy (`BENCH_REPLAY=on`) for the gateway-bound mode. Its own gateway stays idle;
 * the benchmark starts the gateways it compares in processes of their own.
 */
import { loadPolicyFile } from '@confero/directives';
import { createLogger } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { startSystem, type SeedOptions } from '@confero/tools';
import { BENCH_SECRETS } from './benchSecrets.ts';
import { serveBenchParent } from './benchChild.ts';
import { startReplayProxy } from './replayProxy.ts';

/** What the system process reports once it is ready. */
export interface SystemReady {
  /** The subgraphs, by name. */
  subgraphUrls: Record<string, string>;
  /** Replay proxies in front of them, by name. */
  replayUrls: Record<string, string>;
  databaseUri: string;
  databaseEngine: string;
  databaseDescription: string;
  seeded: boolean;
}

serveBenchParent<SystemReady>(async () => {
  const loaded = loadPolicyFile(POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const commands: Record<string, number> = { shopper: 0, opportunity: 0, client: 0 };
  const system = await startSystem({
    mongoUri: process.env.MONGODB_URI,
    dataDir: process.env.BENCH_DATA_DIR,
    gatewayPort: 0,
    subgraphPorts: { shopper: 0, opportunity: 0, client: 0 },
    seed: JSON.parse(process.env.BENCH_SEED ?? '{}') as SeedOptions,
    callerContextSecret: BENCH_SECRETS.callerContext,
    policy: loaded.policy,
    gateway: { supergraphSdl: readSupergraph(), auth: { jwtSecret: BENCH_SECRETS.jwt }, hashKey: BENCH_SECRETS.hashKey, audit: false },
    logger: createLogger('bench-system', 'warn'),
    onSubgraphCommand: (subgraph) => {
      commands[subgraph] = (commands[subgraph] ?? 0) + 1;
    },
  });
  const proxies = await Promise.all(Object.entries(system.subgraphs).map(async ([name, s]) => [name, await startReplayProxy(s.url)] as const));
  for (const [name, proxy] of proxies) {
    Object.defineProperty(commands, `replayed:${name}`, { enumerable: true, get: () => proxy.counts.replayed });
    Object.defineProperty(commands, `forwarded:${name}`, { enumerable: true, get: () => proxy.counts.forwarded });
    Object.defineProperty(commands, `connections:${name}`, { enumerable: true, get: () => proxy.counts.connections });
  }
  return {
    ready: {
      subgraphUrls: Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url])),
      replayUrls: Object.fromEntries(proxies.map(([name, proxy]) => [name, proxy.url])),
      databaseUri: system.database.uri,
      databaseEngine: system.database.engine,
      databaseDescription: system.database.description,
      seeded: system.seeded,
    },
    counters: commands,
    stop: async () => {
      await Promise.all(proxies.map(([, proxy]) => proxy.stop()));
      await system.stop();
    },
  };
});
