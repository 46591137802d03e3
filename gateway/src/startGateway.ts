import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { CompiledPolicy, FileWatch } from '@confero/directives';
import { explorerBundle } from '@confero/explorer';
import type { Logger } from 'pino';
import { openAuditLog } from './audit/index.ts';
import { createAuthenticator, type AuthenticatorOptions } from './auth/createAuthenticator.ts';
import { createCallerResolver } from './auth/resolveCaller.ts';
import { buildDeployment, buildSupergraph, checkDeployment, DeploymentReloader, Deployments, describeDeployment, type Deployment, type DeploymentFiles, type ReloadResult } from './deployment/index.ts';
import type { GatewayContext } from './gatewayContext.ts';
import { createExplorerHandler, resolveExplorerOptions, type ExplorerOptions } from './explorer/index.ts';
import { createHttpHandler } from './http/createHttpHandler.ts';
import { RequestDrain } from './http/requestDrain.ts';
import { hardenApollo, persistedOperationsFor, resolveRequestLimits, type PersistedOperationsOptions, type RequestLimitsOptions } from './limits/index.ts';
import { sendJson } from './http/sendJson.ts';
import { createFormatError } from './formatError.ts';
import { createLogger } from './logger.ts';
import { createGatewayMetrics, metricsRoute, privacyMetricsObserver, registerDeploymentMetrics, RequestTelemetry, type GatewayMetrics } from './metrics/index.ts';
import { privacyPageRoute } from './privacyPage/index.ts';
import { DEFAULT_QUERY_PLANNER, HiveEngine, queryPlannerOf, type QueryPlannerName } from './engine/index.ts';
import { PrivacyEngine } from './execution/privacyEngine.ts';
import { PrivacyGateway } from './execution/privacyGateway.ts';
import type { PrivacyReport } from './execution/privacyReport.ts';

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** The supergraph SDL to serve first (any Federation 2 supergraph). */
  supergraphSdl: string;
  /** Port (0 = any free). Default 4000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Subgraph URLs by subgraph name, overriding those in the supergraph. Default: none. */
  subgraphUrls?: Record<string, string>;
  /** Secret that signs the caller context forwarded to subgraphs (32+ characters). */
  callerContextSecret: string;
  /** How callers' tokens are verified. The identity claims read are those the policy's scopes name, and a token whose role has a record scope must carry the claim that names the caller's records (`identityClaimOfScope`), unless `auth.identityClaims` / `auth.identityClaimOf` say otherwise. */
  auth: AuthenticatorOptions;
  /** The privacy policy to enforce first. */
  policy: CompiledPolicy;
  /**
   * The files the policy and the supergraph come from (and the policy's invariants): `reload()`
   * reads them again, and with `watchDeploymentFiles` so does a change of them. A new version is
   * checked as at start-up and swapped in atomically; one that fails is refused (a log line,
   * `confero_reload_failures_total`) and the current one keeps serving. Default: none (the
   * policy and supergraph given are served until the gateway stops).
   */
  deploymentFiles?: DeploymentFiles;
  /** With `deploymentFiles`: reload when they change (their folder is watched; debounced, by content hash). Default true. */
  watchDeploymentFiles?: boolean;
  /**
   * Where each response's privacy report goes: `extensions` (`extensions.privacy`: withheld and
   * masked paths, categories, reasons), `errors` (one `UNAUTHORIZED_FIELD_OR_TYPE` error per
   * withheld path, as GraphOS Router's authorization), or `off`. Default `extensions`.
   */
  privacyReport?: PrivacyReport;
  /** Key of the `hash` mask (keyed HMAC). */
  hashKey: string;
  /** Reject operations that ask for a denied field (else they come back null). Default false. */
  strict?: boolean;
  /** Allow callers to ask for the privacy plan (`x-privacy-explain: 1`) instead of running. Default true. */
  allowExplain?: boolean;
  /** MongoDB URI of the audit store; `false` turns auditing off (benchmarks only). */
  mongoUri: string | false;
  /** Types whose ids the audit records as data subjects (`subjectIds`). Default: every type whose PII is returned. */
  auditSubjectTypes?: string[];
  /**
   * Types whose PII is about another record, by the field that leads to it: `{ Visit: 'patient' }`
   * records the visit's patient when a visit's PII is returned. Default: none.
   */
  auditSubjectVia?: Record<string, string>;
  /**
   * Folder of a local audit journal (one per gateway process). Set: a response waits only for
   * its audit event to be appended to the journal, which is shipped to the audit store behind
   * it. Unset: each response waits until the audit store has acknowledged its event. Default unset.
   */
  auditJournalDir?: string;
  /**
   * With `auditJournalDir`: each group-commit append to the journal is followed by one `fsync`
   * before the responses waiting on it leave, so an event survives a crash of the machine, not
   * only of the process. Default true.
   */
  auditJournalFsync?: boolean;
  /** Introspection of the API schema. Default false. */
  introspection?: boolean;
  /** Largest request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Operation and request limits: depth, aliases, tokens, directives, cost, batch size, variables size. Default: `DEFAULT_REQUEST_LIMITS`. */
  limits?: RequestLimitsOptions;
  /** Keep graphql's "Did you mean …?" suggestions in error messages (they reveal schema names). Default false. */
  fieldSuggestions?: boolean;
  /** Give masked errors' original message in `extensions.detail` (development only; never a stack). Default false. */
  errorDetails?: boolean;
  /** Roles restricted to registered (persisted) operations, and the file that registers them. Default: no role restricted. */
  persistedOperations?: PersistedOperationsOptions;
  /** How long one subgraph request may take, in ms. Default 10000. */
  subgraphTimeoutMs?: number;
  /** Identical queries of the same caller in flight at the same time share one subgraph request. Default true. */
  shareInFlightQueries?: boolean;
  /**
   * Who plans and executes the (privacy-pruned) operations: `apollo` (Apollo Gateway's
   * JavaScript planner) or `hive` (Hive's Rust planner, fewer subgraph requests; `HiveEngine`).
   * Default `hive` (`DEFAULT_QUERY_PLANNER`).
   */
  queryPlanner?: QueryPlannerName;
  /** On `stop()`, how long requests in flight may take to finish, in ms. Default 10000. */
  shutdownGraceMs?: number;
  /** Serve `GET /metrics` (Prometheus text format; the metrics are collected either way). Default true. */
  metricsRoute?: boolean;
  /** Serve `GET /privacy` (the policy matrix page). Default true. */
  privacyPage?: boolean;
  /**
   * Serve the explorer (`GET /`, and `GET /graphql` to browsers: GraphiQL, the caller switcher,
   * the annotated response, explain and compare). Present = served. Default: not served.
   */
  explorer?: ExplorerOptions;
  logger?: Logger;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  engine: PrivacyEngine;
  /** Who plans and executes operations behind the privacy layer. */
  queryPlanner: QueryPlannerName;
  /** This gateway's metrics (its own prom-client registry). */
  metrics: GatewayMetrics;
  /** The deployment version new requests get now. */
  readonly deployment: Deployment;
  /** Reads the deployment files again and swaps in a changed, valid version (SIGHUP does this in the command). Without `deploymentFiles`: `unchanged`. */
  reload(): Promise<ReloadResult>;
  stop(): Promise<void>;
}

/**
 * Starts the privacy gateway: Apollo Server + Apollo Gateway behind caller resolution
 * (`auth/resolveCaller.ts`) and the privacy engine (`execution/`), with the audit log
 * (`audit/openAuditLog.ts`). This function only assembles them and the HTTP server.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  if (!options.callerContextSecret || options.callerContextSecret.length < 32) {
    throw new Error('gateway: callerContextSecret must be at least 32 characters');
  }
  const queryPlanner = queryPlannerOf(options.queryPlanner) ?? DEFAULT_QUERY_PLANNER;
  const problems = checkDeployment(options.policy, options.supergraphSdl, { persistedOperations: options.persistedOperations });
  if (problems.length > 0) throw new Error(`gateway: ${problems.join('\n')}`);
  const logger = (options.logger ?? createLogger('gateway')).child({ component: 'gateway' });
  // The token's own checks here; the claim its role's record scope needs, under the request's policy (resolveCaller).
  // The identity claims read are those the request's policy names (a reloaded policy may name others).
  const authenticate = await createAuthenticator({ ...options.auth, identityClaims: options.auth.identityClaims ?? (() => deployments.current.policy.claims) });
  const hive =
    queryPlanner === 'hive'
      ? new HiveEngine({ subgraphUrls: options.subgraphUrls, timeoutMs: options.subgraphTimeoutMs, shareInFlightQueries: options.shareInFlightQueries, logger })
      : undefined;
  const build = (sdl: string) =>
    buildSupergraph(sdl, { subgraphUrls: options.subgraphUrls, subgraphTimeoutMs: options.subgraphTimeoutMs, shareInFlightQueries: options.shareInFlightQueries, hive, logger });
  const deployments = new Deployments(await buildDeployment({ policy: options.policy, supergraphSdl: options.supergraphSdl }, undefined, build));
  const current = () => deployments.current;
  const claimOf = options.auth.identityClaimOf;
  const resolveContext = await createCallerResolver({
    deployment: current,
    identityClaimOf: claimOf ? (role) => claimOf(role) : undefined,
    authenticate,
    callerContextSecret: options.callerContextSecret,
    strict: options.strict,
    allowExplain: options.allowExplain,
  });
  const limits = resolveRequestLimits(options.limits);
  const explorerOptions = options.explorer ? resolveExplorerOptions(options.explorer, options.auth.jwtSecret) : undefined;
  const persisted = persistedOperationsFor(options.persistedOperations, options.policy);

  const audit = options.mongoUri
    ? await openAuditLog({ mongoUri: options.mongoUri, journalDir: options.auditJournalDir, journalFsync: options.auditJournalFsync, logger })
    : undefined;
  const metrics = createGatewayMetrics({ planCache: { stats: () => engine.plans.stats() }, audit: audit?.log });
  const deploymentMetrics = registerDeploymentMetrics(metrics.registry, current);
  const engine = new PrivacyEngine({
    observer: privacyMetricsObserver(metrics),
    hashKey: options.hashKey,
    privacyReport: options.privacyReport,
    strict: options.strict ?? false,
    audit: audit?.log,
    auditSubjectTypes: options.auditSubjectTypes,
    auditSubjectVia: options.auditSubjectVia,
    logger,
  });
  // Privacy plans are cached per deployment version; those of a superseded one are dropped.
  deployments.onSwap(() => engine.plans.clear());
  const files = options.deploymentFiles;
  const reloader = files
    ? new DeploymentReloader({ files, deployments, buildSupergraph: build, checks: { persistedOperations: options.persistedOperations }, observer: deploymentMetrics, logger })
    : undefined;
  const watch: FileWatch | undefined = reloader && options.watchDeploymentFiles !== false ? reloader.watch() : undefined;
  // The files may have changed since the version given was read from them.
  await reloader?.reload();
  const apollo = new ApolloServer<GatewayContext>({
    ...hardenApollo({ limits, fieldSuggestions: options.fieldSuggestions ?? false, persisted }),
    gateway: new PrivacyGateway(deployments, engine, hive),
    introspection: options.introspection ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError((error) => logger.warn({ code: error.extensions?.code, path: error.path }, 'masked an unexpected error'), {
      suggestions: options.fieldSuggestions,
      details: options.errorDetails,
    }),
    logger,
  });
  const telemetry = new RequestTelemetry(metrics, logger);
  apollo.addPlugin(telemetry.plugin());
  await apollo.start();

  let ready = false;
  const privacyPath = options.privacyPage === false ? null : '/privacy';
  const graphqlHandler = telemetry.wrap(createHttpHandler({
    apollo,
    resolveContext: telemetry.resolveContext(resolveContext),
    maxBodyBytes: options.maxBodyBytes,
    bodyRules: limits,
    logger,
    routes: {
      '/health': (_req, res) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'starting', ...describeDeployment(deployments.current) }),
      ...(options.metricsRoute === false ? {} : { '/metrics': metricsRoute(metrics.registry) }),
      ...(privacyPath === null ? {} : { [privacyPath]: privacyPageRoute({ deployment: current, explorerPath: explorerOptions ? '/' : undefined }) }),
    },
  }));
  // The explorer sits in front: its pages are not GraphQL requests (nor counted as such).
  const handler = explorerOptions
    ? createExplorerHandler({
        explorer: explorerOptions,
        policy: () => deployments.current.policy,
        authenticate,
        apiSchema: () => deployments.current.supergraph.apiSchema,
        graphqlPath: '/graphql',
        privacyPath,
        explain: options.allowExplain ?? true,
        logger,
      })(graphqlHandler)
    : graphqlHandler;
  // Built in the background now, so the first visit does not wait for it.
  if (explorerOptions) explorerBundle().catch((err: Error) => logger.warn({ err: err.message }, 'the explorer bundle could not be built; the page will retry'));
  const drain = new RequestDrain();
  const server = createServer(drain.track(handler));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4000);
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}/graphql`,
    port,
    server,
    engine,
    queryPlanner,
    metrics,
    get deployment() {
      return deployments.current;
    },
    reload: () => (reloader ? reloader.reload() : Promise.resolve({ outcome: 'unchanged', deployment: deployments.current })),
    async stop() {
      watch?.close();
      // Graceful: refuse new requests, let those in flight finish (their audit events are
      // written before their responses leave), then flush whatever is still pending.
      ready = false;
      const cut = await drain.drain(server, options.shutdownGraceMs ?? 10_000);
      if (cut > 0) logger.warn({ requests: cut }, 'stopped with requests still in flight after the grace period');
      await apollo.stop();
      await audit?.close();
    },
  };
}
