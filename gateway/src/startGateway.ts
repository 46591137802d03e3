import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { PURPOSES, signCallerContext, type Caller, type CompiledPolicy, type Purpose } from '@confero/directives';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { AuditLog, type AuditEvent } from './audit/auditLog.ts';
import { createAuthenticator, type AuthenticatorOptions } from './auth/createAuthenticator.ts';
import { ANONYMOUS_ROLE } from './auth/identity.ts';
import type { GatewayContext } from './gatewayContext.ts';
import { createHttpHandler, type ContextResolver } from './http/createHttpHandler.ts';
import { sendJson } from './http/sendJson.ts';
import { createFormatError } from './formatError.ts';
import { createLogger } from './logger.ts';
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
  /** Introspection of the API schema. Default false. */
  introspection?: boolean;
  /** Largest request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  logger?: Logger;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  engine: PrivacyEngine;
  stop(): Promise<void>;
}

/** Starts the privacy gateway: Apollo Server + Apollo Gateway behind authentication and the privacy planner. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  if (!options.callerContextSecret || options.callerContextSecret.length < 32) {
    throw new Error('gateway: callerContextSecret must be at least 32 characters');
  }
  const logger = (options.logger ?? createLogger('gateway')).child({ component: 'gateway' });
  const authenticate = await createAuthenticator(options.auth);
  const callerSecret = new TextEncoder().encode(options.callerContextSecret);

  let auditConnection: mongoose.Connection | undefined;
  let audit: AuditLog | undefined;
  if (options.mongoUri) {
    auditConnection = await mongoose.createConnection(options.mongoUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    audit = new AuditLog(auditConnection.collection<AuditEvent>('audit_events'));
  }
  const engine = new PrivacyEngine({
    policy: options.policy,
    hashKey: options.hashKey,
    strict: options.strict ?? false,
    audit,
    logger,
  });
  const inner = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ name, url: options.subgraphUrls?.[name] ?? url ?? '' }),
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new PrivacyGateway(inner, engine),
    introspection: options.introspection ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError((error) => logger.warn({ code: error.extensions?.code, path: error.path }, 'masked an unexpected error')),
    logger,
  });
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
        signedCaller: () => (signed ??= signCallerContext(caller, { secret: callerSecret })),
      },
    };
  };

  let ready = false;
  const handler = createHttpHandler({
    apollo,
    resolveContext,
    maxBodyBytes: options.maxBodyBytes,
    logger,
    routes: {
      '/health': (_req, res) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'starting', policyVersion: options.policy.version }),
    },
  });
  const server = createServer((req, res) => void handler(req, res));
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
    async stop() {
      ready = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
      await audit?.flush();
      await auditConnection?.close();
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
