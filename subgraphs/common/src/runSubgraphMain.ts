import { RECORD_SCOPES, type RecordScope } from '@confero/directives';
import mongoose from 'mongoose';
import { pino, type Logger } from 'pino';
import type { RunningSubgraph } from './startSubgraphServer.ts';

/** What a subgraph's process entry hands to its start function. */
export interface SubgraphProcessStartOptions {
  connection: mongoose.Connection;
  callerSecret: Uint8Array;
  scopeOf: (role: string) => RecordScope;
  port: number;
  logger: Logger;
}

/** Options of {@link runSubgraphMain}. */
export interface SubgraphMainOptions {
  /** The subgraph's name (logs, messages). Required. */
  name: string;
  /** Starts the subgraph (e.g. `startShopperSubgraph`). Required. */
  start: (options: SubgraphProcessStartOptions) => Promise<RunningSubgraph>;
  /** Environment to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The process configuration read from the environment, or what is wrong with it. */
export type SubgraphProcessEnv =
  | { uri: string; port: number; callerSecret: Uint8Array; scopes: Record<string, RecordScope>; logLevel: string }
  | { errors: string[] };

/**
 * Reads `MONGODB_URI` (required), `PORT` (default 0 = any free), `CALLER_CONTEXT_SECRET`
 * (required, at least 32 bytes), `SUBGRAPH_RECORD_SCOPES` (JSON `{ "ROLE": "all" | "client" |
 * "self" | "partner" | "none" }`; default `{}`, so every role is denied) and `LOG_LEVEL` (default `info`).
 */
export function readSubgraphProcessEnv(env: NodeJS.ProcessEnv): SubgraphProcessEnv {
  const errors: string[] = [];
  const uri = env.MONGODB_URI ?? '';
  if (!uri) errors.push('MONGODB_URI is required');
  const port = env.PORT === undefined || env.PORT === '' ? 0 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) errors.push('PORT must be a port number');
  const callerSecret = new TextEncoder().encode(env.CALLER_CONTEXT_SECRET ?? '');
  if (callerSecret.length < 32) errors.push('CALLER_CONTEXT_SECRET is required (at least 32 bytes)');
  let scopes: Record<string, RecordScope> = {};
  try {
    const parsed: unknown = JSON.parse(env.SUBGRAPH_RECORD_SCOPES ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    for (const [role, scope] of Object.entries(parsed)) {
      if (!RECORD_SCOPES.includes(scope as RecordScope)) throw new Error(`role ${role}: unknown scope ${String(scope)}`);
    }
    scopes = parsed as Record<string, RecordScope>;
  } catch (err) {
    errors.push(`SUBGRAPH_RECORD_SCOPES must be a JSON object of role → record scope (${(err as Error).message})`);
  }
  if (errors.length > 0) return { errors };
  return { uri, port, callerSecret, scopes, logLevel: env.LOG_LEVEL ?? 'info' };
}

/**
 * The process entry of a subgraph (`src/main.ts`): connects to MongoDB, starts the subgraph and
 * stops cleanly (server, then connection) on SIGTERM or SIGINT. Exits 2 on bad configuration,
 * 1 when it cannot start.
 */
export async function runSubgraphMain(options: SubgraphMainOptions): Promise<void> {
  const config = readSubgraphProcessEnv(options.env ?? process.env);
  if ('errors' in config) {
    process.stderr.write(`${options.name} subgraph: bad configuration:\n${config.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel }).child({ process: `${options.name}-subgraph` });
  let connection: mongoose.Connection | undefined;
  let running: RunningSubgraph | undefined;
  try {
    connection = await mongoose.createConnection(config.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
    connection.on('error', (err: Error) => logger.error({ err: err.message }, 'database connection error'));
    running = await options.start({
      connection,
      callerSecret: config.callerSecret,
      scopeOf: (role) => config.scopes[role] ?? 'none',
      port: config.port,
      logger,
    });
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'could not start');
    await connection?.close().catch(() => {});
    process.exit(1);
  }
  logger.info({ url: running.url, port: running.port }, 'ready');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await running?.stop().catch((err: Error) => logger.error({ err: err.message }, 'stop failed'));
    await connection?.close().catch(() => {});
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
