import { signCallerContext, type Caller } from '@confero/directives';
import { seedDatabase, startDatabase, generateSeedData, type RunningDatabase, type SeedData, type SeedOptions } from '@confero/tools';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { pinQueryShape, type QueryShape, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import { callSubgraph, type SubgraphResponse } from './callSubgraph.ts';

/** The roles the testbed's `scopeOf` knows, one per record scope; any other role is `none`. */
export const TEST_ROLE_SCOPES: Readonly<Record<string, string>> = {
  OPERATIONS: 'all',
  CLIENT: 'client',
  SHOPPER: 'self',
  PARTNER: 'partner',
  NOBODY: 'none',
};

/** Options of {@link startSubgraphTestbed}. */
export interface SubgraphTestbedOptions {
  /** Starts the subgraph under test (`startShopperSubgraph`, …). Required. */
  start: (options: SubgraphStartOptions) => Promise<RunningSubgraph>;
  /** Seed sizes (small). Required. */
  seed: SeedOptions;
  /** The data layer's query shape, whatever the engine. Default: the engine's (`per-key` on the embedded FerretDB). */
  queryShape?: QueryShape;
}

/** A caller as a test describes it: a role, and the ids that role needs. */
export type TestCaller = Partial<Omit<Caller, 'role'>> & { role: string };

/** A subgraph on loopback over its own embedded database, seeded, with helpers to call it. */
export interface SubgraphTestbed {
  /** The seeded documents (the same `generateSeedData` gives). */
  data: SeedData;
  url: string;
  /** The caller-context secret the subgraph trusts. */
  secret: Uint8Array;
  /** A signed caller context for `caller` (TTL in seconds, default 60). */
  token(caller: TestCaller, ttlSeconds?: number): Promise<string>;
  /** POSTs an operation as `caller` (signed), as a raw token (string), or without a caller context (null). */
  query(
    caller: TestCaller | string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: string; json: SubgraphResponse }>;
  /** Runs `action` and returns the MongoDB commands the subgraph's connection sent meanwhile. */
  commandsDuring<T>(action: () => Promise<T>): Promise<{ result: T; commands: string[] }>;
  stop(): Promise<void>;
}

/**
 * Starts an embedded database, seeds it, and starts the subgraph on port 0 over a connection
 * with command monitoring (to count round trips).
 */
export async function startSubgraphTestbed(options: SubgraphTestbedOptions): Promise<SubgraphTestbed> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const db: RunningDatabase = await startDatabase();
    stops.push(() => db.stop());
    const connection = await mongoose.createConnection(db.uri, { monitorCommands: true }).asPromise();
    stops.push(() => connection.close());
    if (options.queryShape) pinQueryShape(connection, options.queryShape);
    const data = generateSeedData(options.seed);
    await seedDatabase(connection, { data });
    let recording: string[] | null = null;
    connection.getClient().on('commandStarted', (event) => recording?.push(event.commandName));
    const secret = new TextEncoder().encode('subgraph-testbed-caller-context-secret-0123456789');
    const subgraph = await options.start({
      connection,
      callerSecret: secret,
      scopeOf: (role) => TEST_ROLE_SCOPES[role] ?? 'none',
      port: 0,
      logger: pino({ level: 'silent' }),
    });
    stops.push(() => subgraph.stop());
    let requests = 0;
    const token = (caller: TestCaller, ttlSeconds = 60) =>
      signCallerContext(
        { sub: caller.sub ?? `test-${caller.role.toLowerCase()}`, purpose: null, requestId: `test-${++requests}`, ...caller },
        { secret, ttlSeconds },
      );
    return {
      data,
      url: subgraph.url,
      secret,
      token,
      async query(caller, query, variables = {}) {
        const callerContext = caller === null ? undefined : typeof caller === 'string' ? caller : await token(caller);
        return callSubgraph(subgraph.url, query, variables, { callerContext });
      },
      async commandsDuring(action) {
        recording = [];
        try {
          const result = await action();
          return { result, commands: recording };
        } finally {
          recording = null;
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
