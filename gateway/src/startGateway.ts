import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { PURPOSES, signCallerContext, type Caller, type CompiledPolicy, type Purpose } from '@confero/directives';
import { explorerBundle } from '@confero/explorer';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { assertPolicyKeepsGuardRails } from './assertPolicyKeepsGuardRails.ts';
import { AUDIT_COLLECTION, AuditJournal, AuditLog, ensureAuditIndexes, type AuditRecord } from './audit/index.ts';
import { createAuthenticator, type AuthenticatorOptions } from './auth/createAuthenticator.ts';
import { ANONYMOUS_ROLE } from './auth/identity.ts';
import type { GatewayContext } from './gatewayContext.ts';
import { createExplorerHandler, resolveExplorerOptions, type ExplorerOptions } from './explorer/index.ts';
import { createHttpHandler, type ContextResolver } from './http/createHttpHandler.ts';
import { RequestDrain } from './http/requestDrain.ts';
import { hardenApollo, persistedOperationsFor, resolveRequestLimits, type PersistedOperationsOptions, type RequestLimitsOptions } from './limits/index.ts';
import { sendJson } from './http/sendJson.ts';
import { createFormatError } from './formatError.ts';
import { createLogger } from './logger.ts';
import { createGatewayMetrics, metricsRoute, privacyMetricsObserver, RequestTelemetry, type GatewayMetrics } from './metrics/index.ts';
import { privacyPageRoute } from './privacyPage/index.ts';
import { HiveEngine, queryPlannerOf, type QueryPlannerName } from './engine/index.ts';
import { PrivacyEngine } from './privacyEngine.ts';
import { PrivacyGateway } from './privacyGateway.ts';
import { SubgraphDataSource } from './subgraphDataSource.ts';

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** The supergraph SDL to serve (any Federation 2 supergraph). */
  supergraphSdl: string;
  /** Port (0 = any free). Default 4000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Subgraph URLs by subgraph name, overriding those in the supergraph. Default: none. */
  subgraphUrls?: Record<string, string>;
  /** Secret that signs the caller context forwarded to subgraphs (32+ characters). */
  callerContextSecret: string;
  /** How callers' tokens are verified. */
  auth: AuthenticatorOptions;
  /** The privacy policy to enforce. */
  policy: CompiledPolicy;
  /** Key of the `hash` mask (keyed HMAC). */
  hashKey: string;
  /** Reject operations that ask for a denied field (else they come back null). Default false. */
  strict?: boolean;
  /** Allow callers to ask for the privacy plan (`x-privacy-explain: 1`) instead of running. Default true. */
  allowExplain?: boolean;
  /** MongoDB URI of the audit store; `false` turns auditing off (benchmarks only). */
  mongoUri: string | false;
  /** Types whose ids the audit records as data subjects (`shopperIds`). Default: every type whose PII is returned. */
  auditSubjectTypes?: string[];
  /**
   * Types whose PII is about another record, by the field that leads to it: `{ Deliverable:
   * 'shopper' }` records the deliverable's shopper when a deliverable's PII is returned. Default: none.
   */
  auditSubjectVia?: Record<string, string>;
  /**
   * Folder of a local audit journal (one per gateway process). Set: a response waits only for
   * its audit event to be appended to the journal, which is shipped to the audit store behind
   * it. Unset: each response waits until the audit store has acknowledged its event. Default unset.
   */
  auditJournalDir?: string;
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
   * Default `apollo`.
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
  stop(): Promise<void>;
}

/** Starts the privacy gateway: Apollo Server + Apollo Gateway behind authentication and the privacy planner. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  if (!options.callerContextSecret || options.callerContextSecret.length < 32) {
    throw new Error('gateway: callerContextSecret must be at least 32 characters');
  }
  assertPolicyKeepsGuardRails(options.policy, options.supergraphSdl);
  if (options.queryPlanner !== undefined) queryPlannerOf(options.queryPlanner);
  const logger = (options.logger ?? createLogger('gateway')).child({ component: 'gateway' });
  const authenticate = await createAuthenticator(options.auth);
  // Imported once: jose would import raw key bytes again for every caller context it signs.
  const callerKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(options.callerContextSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const limits = resolveRequestLimits(options.limits);
  const explorerOptions = options.explorer ? resolveExplorerOptions(options.explorer, options.auth.jwtSecret) : undefined;
  const persisted = persistedOperationsFor(options.persistedOperations, options.policy);

  let auditConnection: mongoose.Connection | undefined;
  let audit: AuditLog | undefined;
  if (options.mongoUri) {
    if (options.auditJournalDir !== undefined && !options.auditJournalDir) throw new Error('gateway: auditJournalDir must name a folder');
    auditConnection = await mongoose.createConnection(options.mongoUri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' }).asPromise();
    const auditEvents = auditConnection.collection<AuditRecord>(AUDIT_COLLECTION);
    try {
      const build = await auditConnection.db!.admin().buildInfo();
      const { indexed, dropped } = await ensureAuditIndexes(auditEvents, build);
      logger.info({ indexed, dropped, store: build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion}` : `MongoDB ${build.version}` }, 'audit store indexed');
    } catch (err) {
      await auditConnection.close();
      throw new Error(`gateway: cannot index the audit store: ${(err as Error).message}`);
    }
    let journal: AuditJournal | undefined;
    try {
      journal = openJournal(options.auditJournalDir, logger);
    } catch (err) {
      await auditConnection.close();
      throw new Error(`gateway: cannot open the audit journal: ${(err as Error).message}`);
    }
    audit = new AuditLog(auditEvents, { journal, onWrite: logFailedWrite(logger) });
  }
  const metrics = createGatewayMetrics({ planCache: { stats: () => engine.plans.stats() }, audit });
  const engine = new PrivacyEngine({
    observer: privacyMetricsObserver(metrics),
    policy: options.policy,
    hashKey: options.hashKey,
    strict: options.strict ?? false,
    audit,
    auditSubjectTypes: options.auditSubjectTypes,
    auditSubjectVia: options.auditSubjectVia,
    logger,
  });
  const inner = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ name, url: options.subgraphUrls?.[name] ?? url ?? '', timeoutMs: options.subgraphTimeoutMs, logger, shareInFlightQueries: options.shareInFlightQueries }),
    logger,
  });
  const hive =
    options.queryPlanner === 'hive'
      ? new HiveEngine({ subgraphUrls: options.subgraphUrls, timeoutMs: options.subgraphTimeoutMs, shareInFlightQueries: options.shareInFlightQueries, logger })
      : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    ...hardenApollo({ limits, fieldSuggestions: options.fieldSuggestions ?? false, persisted }),
    gateway: new PrivacyGateway(inner, engine, hive),
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

  const resolveContext: ContextResolver = async (req, requestId) => {
    const auth = await authenticate(header(req.headers.authorization));
    if ('error' in auth) return { status: 401, ...auth.error };
    const { identity } = auth;
    const stated = header(req.headers['x-purpose'])?.trim();
    const anonymous = identity.role === ANONYMOUS_ROLE;
    if (!anonymous && !options.policy.hasRole(identity.role)) {
      return { status: 403, code: 'UNKNOWN_ROLE', message: `The role "${identity.role}" is not known to policy ${options.policy.version}.` };
    }
    let purpose: Purpose | null = null;
    if (stated && !anonymous) {
      const allowed = options.policy.purposesOf(identity.role);
      if (!(PURPOSES as readonly string[]).includes(stated)) {
        return { status: 400, code: 'UNKNOWN_PURPOSE', message: `Unknown purpose "${stated}". Role ${identity.role} may state: ${allowed.join(', ')}.`, extensions: { allowedPurposes: allowed } };
      }
      if (!allowed.includes(stated as Purpose)) {
        return { status: 403, code: 'PURPOSE_NOT_GRANTED', message: `Role ${identity.role} may not state purpose ${stated}. It may state: ${allowed.join(', ')}.`, extensions: { allowedPurposes: allowed } };
      }
      purpose = stated as Purpose;
    }
    const caller: Caller = { ...identity, purpose, requestId };
    let signed: Promise<string> | undefined;
    return {
      context: {
        caller,
        strict: options.strict === true || header(req.headers['x-privacy-strict']) === '1',
        explain: (options.allowExplain ?? true) && header(req.headers['x-privacy-explain']) === '1',
        signedCaller: () => (signed ??= signCallerContext(caller, { secret: callerKey })),
      },
    };
  };

  let ready = false;
  const privacyPath = options.privacyPage === false ? null : '/privacy';
  const graphqlHandler = telemetry.wrap(createHttpHandler({
    apollo,
    resolveContext: telemetry.resolveContext(resolveContext),
    maxBodyBytes: options.maxBodyBytes,
    bodyRules: limits,
    logger,
    routes: {
      '/health': (_req, res) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'starting', policyVersion: options.policy.version }),
      ...(options.metricsRoute === false ? {} : { '/metrics': metricsRoute(metrics.registry) }),
      ...(privacyPath === null ? {} : { [privacyPath]: privacyPageRoute({ policy: options.policy, piiIndex: () => engine.pii, explorerPath: explorerOptions ? '/' : undefined }) }),
    },
  }));
  // The explorer sits in front: its pages are not GraphQL requests (nor counted as such).
  const handler = explorerOptions
    ? createExplorerHandler({
        explorer: explorerOptions,
        policy: options.policy,
        authenticate,
        apiSchema: () => engine.apiSchema,
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
    queryPlanner: hive ? 'hive' : 'apollo',
    metrics,
    async stop() {
      // Graceful: refuse new requests, let those in flight finish (their audit events are
      // written before their responses leave), then flush whatever is still pending.
      ready = false;
      const cut = await drain.drain(server, options.shutdownGraceMs ?? 10_000);
      if (cut > 0) logger.warn({ requests: cut }, 'stopped with requests still in flight after the grace period');
      await apollo.stop();
      await audit?.flush();
      if (audit && audit.backlog > 0) logger.warn({ events: audit.backlog }, 'audit events left in the journal; the next start ships them');
      audit?.close();
      await auditConnection?.close();
    },
  };
}

function openJournal(dir: string | undefined, logger: Logger): AuditJournal | undefined {
  if (!dir) return undefined;
  const journal = AuditJournal.open({ dir });
  if (journal.recovered.length > 0 || journal.unreadableLines > 0) {
    logger.warn({ events: journal.recovered.length, unreadableLines: journal.unreadableLines, dir }, 'audit journal: shipping events an earlier process left');
  }
  return journal;
}

function logFailedWrite(logger: Logger): (seconds: number, ok: boolean, events: number) => void {
  return (seconds, ok, events) => {
    if (!ok) logger.error({ events, seconds }, 'audit store write failed');
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
