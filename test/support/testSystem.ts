import { readFileSync } from 'node:fs';
import { loadPolicyFile, type CompiledPolicy } from '@confero/directives';
import type { Logger } from 'pino';
import { createLogger, signDevToken, type DeploymentFiles, type Identity } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { generateSeedData, startSystem, type RunningSystem, type SeedData, type SeedOptions, type SystemOptions } from '@confero/tools';

export const TEST_SECRETS = {
  jwt: 'test-jwt-secret-0123456789-0123456789-abcdef',
  callerContext: 'test-caller-context-secret-0123456789-abcdef',
  hashKey: 'test-pii-hash-key-0123456789',
};

/** A small, deterministic data set: big enough for lists, pagination and scoping. */
export const TEST_SEED: SeedOptions = { shoppers: 60, clients: 6, opportunities: 80, assignments: 200, deliverables: 150 };

/** The whole system on loopback (free ports), with helpers to call it as a given role. */
export interface TestSystem {
  system: RunningSystem;
  policy: CompiledPolicy;
  data: SeedData;
  url: string;
  token(identity: Partial<Identity> & { role: string }): Promise<string>;
  /** POSTs a GraphQL operation as `identity` stating `purpose`; returns status, raw body, parsed JSON and the gateway's request id (`x-request-id` of the response). */
  query(
    identity: (Partial<Identity> & { role: string }) | null,
    purpose: string | null,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string; json: GraphQLResponse; requestId: string }>;
  stop(): Promise<void>;
}

export interface GraphQLResponse {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response data freely
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any>; path?: Array<string | number> }>;
  extensions?: Record<string, any>;
}

/** Options of {@link startTestSystem}. */
export interface TestSystemOptions {
  seed?: SeedOptions;
  /** MongoDB URI of the system's database. Default `process.env.MONGODB_URI`, else an embedded FerretDB of its own. */
  mongoUri?: string;
  strict?: boolean;
  allowAnonymous?: boolean;
  audit?: boolean;
  /** MongoDB URI of a separate audit store. Default: the system's own database. */
  auditMongoUri?: string;
  /** More gateway options (request limits, persisted operations, timeouts…). Default: none. */
  gateway?: Partial<SystemOptions['gateway']>;
  /** The logger of the gateway and the subgraphs (e.g. one writing to a stream a test reads). Default: silent. */
  logger?: Logger;
  /** The policy both layers enforce. Default: `schema/policy.json` (or `deploymentFiles.policyPath`). */
  policy?: CompiledPolicy;
  /** Policy and supergraph files the system serves and reloads when they change. Default: none (the shipped ones, never reloaded). */
  deploymentFiles?: DeploymentFiles;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const files = options.deploymentFiles;
  const loaded = options.policy ? { policy: options.policy } : loadPolicyFile(files?.policyPath ?? POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const policy = loaded.policy;
  const seed = options.seed ?? TEST_SEED;
  const system = await startSystem({
    mongoUri: options.mongoUri ?? process.env.MONGODB_URI,
    auditMongoUri: options.auditMongoUri,
    gatewayPort: 0,
    subgraphPorts: { shopper: 0, opportunity: 0, client: 0 },
    seed,
    callerContextSecret: TEST_SECRETS.callerContext,
    policy,
    deploymentFiles: files,
    gateway: {
      supergraphSdl: files?.supergraphPath ? readFileSync(files.supergraphPath, 'utf8') : readSupergraph(),
      auth: { jwtSecret: TEST_SECRETS.jwt, allowAnonymous: options.allowAnonymous ?? false },
      hashKey: TEST_SECRETS.hashKey,
      strict: options.strict ?? false,
      audit: options.audit ?? true,
      ...options.gateway,
    },
    logger: options.logger ?? createLogger('test', 'silent'),
  });
  const url = `http://127.0.0.1:${system.gateway.port}/graphql`;
  const token = (identity: Partial<Identity> & { role: string }) =>
    signDevToken({ sub: identity.sub ?? `test-${identity.role.toLowerCase()}`, ...identity }, TEST_SECRETS.jwt);
  return {
    system,
    policy,
    data: generateSeedData(seed),
    url,
    token,
    async query(identity, purpose, query, variables, headers = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(identity ? { authorization: `Bearer ${await token(identity)}` } : {}),
          ...(purpose ? { 'x-purpose': purpose } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.text();
      let json: GraphQLResponse = {};
      try {
        json = JSON.parse(body) as GraphQLResponse;
      } catch {
        json = {};
      }
      return { status: res.status, body, json, requestId: res.headers.get('x-request-id') ?? '' };
    },
    stop: () => system.stop(),
  };
}
