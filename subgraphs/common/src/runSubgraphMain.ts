import { loadPolicyFile, piiDirectiveTransformer, POLICY_PATH, type Caller, type CompiledPolicy } from '@confero/directives';
import mongoose from 'mongoose';
import { pino, type Logger } from 'pino';
import type { SubgraphEnforcement } from './enforcedSchemas.ts';
import { PolicyVersions } from './policyVersions.ts';
import { reconnectWhenStuck } from './reconnectWhenStuck.ts';
import type { RunningSubgraph } from './startSubgraphServer.ts';

/** What a subgraph's process entry hands to its start function. */
export interface SubgraphProcessStartOptions {
  connection: mongoose.Connection;
  callerSecret: Uint8Array;
  /** The policy file's versions (reloaded on change and SIGHUP) and the `@pii` enforcement of each. */
  enforcement: SubgraphEnforcement;
  port: number;
  logger: Logger;
}

/** Options of {@link runSubgraphMain}. */
export interface SubgraphMainOptions {
  /** The subgraph's name (logs, messages). Required. */
  name: string;
  /** Starts the subgraph (a reference subgraph's `start…Subgraph`). Required. */
  start: (options: SubgraphProcessStartOptions) => Promise<RunningSubgraph>;
  /** Environment to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const DEV_HASH_KEY = 'confero-dev-pii-hash-key-0123456789';

/** The process configuration read from the environment, or what is wrong with it. */
export type SubgraphProcessEnv =
  | { uri: string; port: number; callerSecret: Uint8Array; policy: CompiledPolicy; policyPath: string; invariantsPath?: string; watch: boolean; hashKey: string; logLevel: string }
  | { errors: string[] };

/**
 * Reads `MONGODB_URI` (required), `PORT` (default 0 = any free), `CALLER_CONTEXT_SECRET`
 * (required, at least 32 bytes), `POLICY_PATH` (default: the shipped `schema/policy.json`; the
 * record scopes and `@pii` decisions come from it, as at the gateway), `POLICY_INVARIANTS_PATH`
 * (default: `invariants.json` beside the policy, if there is one), `WATCH_DEPLOYMENT_FILES`
 * (`on`, the default, reloads the policy when its file changes; `off`), `PII_HASH_KEY`
 * (required when NODE_ENV=production) and `LOG_LEVEL` (default `info`).
 */
export function readSubgraphProcessEnv(env: NodeJS.ProcessEnv): SubgraphProcessEnv {
  const errors: string[] = [];
  const uri = env.MONGODB_URI ?? '';
  if (!uri) errors.push('MONGODB_URI is required');
  const port = env.PORT === undefined || env.PORT === '' ? 0 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) errors.push('PORT must be a port number');
  const callerSecret = new TextEncoder().encode(env.CALLER_CONTEXT_SECRET ?? '');
  if (callerSecret.length < 32) errors.push('CALLER_CONTEXT_SECRET is required (at least 32 bytes)');
  const policyPath = env.POLICY_PATH || POLICY_PATH;
  const loaded = loadPolicyFile(policyPath, env.POLICY_INVARIANTS_PATH ? { invariants: env.POLICY_INVARIANTS_PATH } : {});
  if ('errors' in loaded) errors.push(...loaded.errors.map((e) => `policy ${policyPath}: ${e}`));
  const hashKey = env.PII_HASH_KEY || (env.NODE_ENV === 'production' ? '' : DEV_HASH_KEY);
  if (!hashKey) errors.push('PII_HASH_KEY is required in production');
  const watch = env.WATCH_DEPLOYMENT_FILES ?? 'on';
  if (watch !== 'on' && watch !== 'off') errors.push('WATCH_DEPLOYMENT_FILES must be on or off');
  if (errors.length > 0 || 'errors' in loaded) return { errors };
  return { uri, port, callerSecret, policy: loaded.policy, policyPath, ...(env.POLICY_INVARIANTS_PATH ? { invariantsPath: env.POLICY_INVARIANTS_PATH } : {}), watch: watch === 'on', hashKey, logLevel: env.LOG_LEVEL ?? 'info' };
}

/**
 * The process entry of a subgraph (`src/main.ts`): connects to MongoDB, starts the subgraph and
 * stops cleanly (server, then connection) on SIGTERM or SIGINT. The policy file is reloaded
 * when it changes and on SIGHUP (`PolicyVersions`: each request decided under the version the
 * gateway decided it under). Exits 2 on bad configuration, 1 when it cannot start.
 */
export async function runSubgraphMain(options: SubgraphMainOptions): Promise<void> {
  const config = readSubgraphProcessEnv(options.env ?? process.env);
  if ('errors' in config) {
    process.stderr.write(`${options.name} subgraph: bad configuration:\n${config.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel }).child({ process: `${options.name}-subgraph` });
  const policies = new PolicyVersions({ policy: config.policy, policyPath: config.policyPath, invariantsPath: config.invariantsPath, logger });
  const watch = config.watch ? policies.watch() : undefined;
  let connection: mongoose.Connection | undefined;
  let running: RunningSubgraph | undefined;
  let stopWatchdog: (() => void) | undefined;
  try {
    // 5 s: while the database is down, a request fails with DATABASE_UNAVAILABLE well before
    // the gateway's subgraph timeout (10 s by default) instead of hanging until it.
    // Poll the server rather than stream its state: after FerretDB restarts, a streaming monitor
    // can stay stuck and every query then waits out server selection.
    const connectOptions = { serverSelectionTimeoutMS: 5_000, serverMonitoringMode: 'poll' } as const;
    connection = await mongoose.createConnection(config.uri, connectOptions).asPromise();
    connection.on('error', (err: Error) => logger.error({ err: err.message }, 'database connection error'));
    stopWatchdog = reconnectWhenStuck(connection, { uri: config.uri, connectOptions, logger });
    running = await options.start({
      connection,
      callerSecret: config.callerSecret,
      enforcement: {
        policies,
        // Deny and record rules here; masks are the gateway's (each value is masked once).
        transformSchema: (schema, policy) => piiDirectiveTransformer(schema, { policy, hashKey: config.hashKey, getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks: 'defer' }),
      },
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
    watch?.close();
    stopWatchdog?.();
    await running?.stop().catch((err: Error) => logger.error({ err: err.message }, 'stop failed'));
    await connection?.close().catch(() => {});
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void policies.reload());
}
