import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import {
  CALLER_CONTEXT_HEADER,
  ERRORS,
  verifyCallerContext,
  type Caller,
  type CompiledPolicy,
} from '@confero/directives';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { pino, type Logger } from 'pino';
import { assertPortFree } from './assertPortFree.ts';
import { EnforcedSchemas, type SubgraphEnforcement } from './enforcedSchemas.ts';
import { createFormatSubgraphError } from './formatSubgraphError.ts';
import type { QueryShapeInfo } from './queryShape.ts';

/** What every subgraph's per-request context carries, besides its own data access. */
export interface SubgraphContext {
  /** The verified caller (from the signed caller context). */
  caller: Caller;
  /** The caller's record scope (`scopeOf(caller.role)`). */
  scope: string;
  /** A child logger of the subgraph's, bound to the request id. */
  logger: Logger;
  /** With `enforcement`: the policy version the request is decided under (the one the gateway decided it under). */
  policy?: CompiledPolicy;
}

/** The resolver map `buildSubgraphSchema` takes (`__resolveReference` included). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each subgraph types its own context
export type SubgraphResolvers = GraphQLResolverMap<any>;

/** Options of {@link startSubgraphServer}. */
export interface SubgraphServerOptions<TData extends object> {
  /** The subgraph's name, for logs and error messages. Required. */
  name: string;
  /** The subgraph's full SDL (federation header, `@pii` SDL, own schema). Required. */
  typeDefs: DocumentNode;
  /** The subgraph's resolvers. Required. */
  resolvers: SubgraphResolvers;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'` (loopback only). */
  host?: string;
  /** Secret of the gateway's signed caller context (HS256, at least 32 bytes). Required. */
  callerSecret: Uint8Array;
  /** The record scope of a role (`policy.scopeOf`). Default `() => 'none'` (deny by default); the subgraph's own scope rules must reach nothing for a scope they do not know. */
  scopeOf?: (role: string) => string;
  /** Rewrites the built subgraph schema (where the `@pii` transformer plugs in). Default: none. */
  transformSchema?: (schema: GraphQLSchema) => GraphQLSchema;
  /**
   * A policy that is reloaded (instead of `transformSchema` and `scopeOf`): each request is
   * decided under the version its caller context names — its `@pii` enforcement
   * (`enforcement.transformSchema(schema, policy)`) and its record scope (`policy.scopeOf`);
   * a version the subgraph does not hold is refused (`POLICY_VERSION_UNAVAILABLE`). Default: none.
   */
  enforcement?: SubgraphEnforcement;
  /** Builds the per-request part of the context (data access and loaders) for a verified caller. Required. */
  createContext: (caller: Caller, scope: string) => TData | Promise<TData>;
  /** Logger; the subgraph logs through a child `{ subgraph: name }`. Default: pino at `LOG_LEVEL` or `warn`. */
  logger?: Logger;
  /** Serve introspection queries. Default false. */
  introspection?: boolean;
  /** How the data layer shapes its reads for its engine ({@link detectQueryShape}), logged at start-up. Default: not logged. */
  queryShape?: QueryShapeInfo;
}

/** A subgraph server, listening. */
export interface RunningSubgraph {
  name: string;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql` (any path is served). */
  url: string;
  port: number;
  /** Stops accepting requests, drains those in flight and closes the port. */
  stop(): Promise<void>;
}

/**
 * Starts one Apollo subgraph over Node `http` (`@apollo/server` standalone): builds the schema
 * with `buildSubgraphSchema`, applies `transformSchema`, and serves only requests that carry a
 * valid signed caller context (anything else: HTTP 401, `CALLER_CONTEXT_INVALID`, no data).
 */
export async function startSubgraphServer<TData extends object>(
  options: SubgraphServerOptions<TData>,
): Promise<RunningSubgraph> {
  validate(options);
  const { name, callerSecret, createContext } = options;
  const host = options.host ?? '127.0.0.1';
  const scopeOf = options.scopeOf ?? (() => 'none' as const);
  const transformSchema = options.transformSchema ?? ((schema: GraphQLSchema) => schema);
  const log = (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'warn' })).child({ subgraph: name });

  const built = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers });
  const { enforcement } = options;
  const server = new ApolloServer<SubgraphContext & TData>({
    ...(enforcement ? { gateway: new EnforcedSchemas(built, enforcement) } : { schema: transformSchema(built) }),
    introspection: options.introspection ?? false,
    includeStacktraceInErrorResponses: false,
    // The process (runSubgraphMain, startSystem) stops the server on SIGTERM itself; Apollo's
    // own handler would re-raise the signal after its stop and kill the process mid-drain.
    stopOnTerminationSignals: false,
    formatError: createFormatSubgraphError(log),
    logger: log,
    plugins: [ApolloServerPluginLandingPageDisabled(), requestLogPlugin()],
  });
  await assertPortFree(host, options.port ?? 0, `${name} subgraph`);
  const { url: listening } = await startStandaloneServer(server, {
    listen: { port: options.port ?? 0, host },
    context: async ({ req }) => {
      const header = req.headers[CALLER_CONTEXT_HEADER];
      const verified = await verifyCallerContext(typeof header === 'string' ? header : undefined, callerSecret);
      if ('error' in verified) {
        log.warn({ reason: verified.error }, 'caller context refused');
        throw ERRORS.CALLER_CONTEXT_INVALID.err('This subgraph serves only requests with a valid signed caller context.');
      }
      const { caller } = verified;
      const policy = enforcement ? await enforcement.policies.resolve(caller.policyDigest) : undefined;
      if (enforcement && !policy) {
        log.warn({ requestId: caller.requestId, policyDigest: caller.policyDigest }, 'request decided under a policy version this subgraph does not hold');
        throw ERRORS.POLICY_VERSION_UNAVAILABLE.err(`This subgraph does not hold policy ${caller.policyDigest}, which the request was decided under. Retry shortly.`);
      }
      // The policy's scope name (`all`, `none`, or the deployment's own), interpreted by the subgraph.
      const scope = (policy ? policy.scopeOf(caller.role) : scopeOf(caller.role)) || 'none';
      const data = await createContext(caller, scope);
      return { ...data, caller, scope, logger: log.child({ requestId: caller.requestId }), ...(policy ? { policy } : {}) };
    },
  });
  const port = Number(new URL(listening).port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
  log.info({ url, ...(options.queryShape ? { engine: options.queryShape.engine, queryShape: options.queryShape.shape, why: options.queryShape.reason } : {}) }, 'subgraph listening');
  let stopped: Promise<void> | undefined;
  return {
    name,
    url,
    port,
    stop: () => (stopped ??= server.stop().then(() => log.info('subgraph stopped'))),
  };
}

/** Logs one line per request: request id (from the caller context), operation, duration, error codes — never a value. */
function requestLogPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      let errorCodes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          errorCodes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
        async willSendResponse({ operationName }) {
          const ms = Math.round(performance.now() - started);
          contextValue.logger.info({ operationName: operationName ?? null, ms, errorCodes }, 'request');
        },
      };
    },
  };
}

function validate<TData extends object>(options: SubgraphServerOptions<TData>): void {
  const label = `startSubgraphServer(${options?.name ?? '?'})`;
  const problems: string[] = [];
  if (!options || typeof options !== 'object') throw new Error('startSubgraphServer: options are required');
  if (typeof options.name !== 'string' || options.name === '') problems.push('name must be a non-empty string');
  if (options.typeDefs?.kind !== 'Document') problems.push('typeDefs must be a parsed DocumentNode');
  if (!options.resolvers || typeof options.resolvers !== 'object') problems.push('resolvers are required');
  if (!(options.callerSecret instanceof Uint8Array) || options.callerSecret.length < 32) {
    problems.push('callerSecret must be a Uint8Array of at least 32 bytes');
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    problems.push('port must be an integer in 0..65535');
  }
  if (typeof options.createContext !== 'function') problems.push('createContext must be a function');
  if (options.scopeOf !== undefined && typeof options.scopeOf !== 'function') problems.push('scopeOf must be a function');
  if (options.transformSchema !== undefined && typeof options.transformSchema !== 'function') {
    problems.push('transformSchema must be a function');
  }
  if (options.enforcement !== undefined) {
    if (typeof options.enforcement?.transformSchema !== 'function' || typeof options.enforcement.policies?.resolve !== 'function') problems.push('enforcement needs policies (PolicyVersions) and transformSchema');
    if (options.transformSchema !== undefined || options.scopeOf !== undefined) problems.push('enforcement takes the place of transformSchema and scopeOf: give one or the other');
  }
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
}
