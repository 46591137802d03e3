import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFile } from '@confero/directives';
import { authOptionsFromEnv, engineOptionsFromEnv, explorerOptionsFromEnv, hardeningOptionsFromEnv, parseGatewayEnv, type GatewayEnv } from '@confero/gateway';
import { DEFAULT_SUBGRAPH_PORTS, POLICY_PATH, SUPERGRAPH_PATH } from '@confero/schema';
import type { Logger } from 'pino';
import { EXPLORER_EXAMPLES } from './explorerExamples.ts';
import { REPO_ROOT } from './ferretDb.ts';
import type { SystemOptions } from './startSystem.ts';

export type SystemOptionsResult = { options: SystemOptions; env: GatewayEnv } | { errors: string[] };

const port = (value: string | undefined, fallback: number): number => (value ? Number(value) : fallback);

/** Builds the whole system's options from the environment (see the README's configuration table). */
export function systemOptionsFromEnv(logger: Logger, source: NodeJS.ProcessEnv = process.env): SystemOptionsResult {
  const parsed = parseGatewayEnv(source);
  if ('errors' in parsed) return { errors: parsed.errors };
  const { env } = parsed;
  const policyPath = env.POLICY_PATH ?? POLICY_PATH;
  const supergraphPath = env.SUPERGRAPH_PATH ?? SUPERGRAPH_PATH;
  const policy = loadPolicyFile(policyPath, env.POLICY_INVARIANTS_PATH ? { invariants: env.POLICY_INVARIANTS_PATH } : {});
  if ('errors' in policy) return { errors: policy.errors.map((e) => `policy ${policyPath}: ${e}`) };
  for (const name of ['SHOPPER_PORT', 'OPPORTUNITY_PORT', 'CLIENT_PORT'] as const) {
    const value = source[name];
    if (value !== undefined && !/^\d{1,5}$/.test(value)) return { errors: [`${name}: must be a port number`] };
  }
  return {
    env,
    options: {
      mongoUri: source.MONGODB_URI,
      dataDir: source.DATA_DIR ?? join(REPO_ROOT, '.data', 'ferretdb'),
      gatewayPort: env.PORT,
      subgraphPorts: {
        shopper: port(source.SHOPPER_PORT, DEFAULT_SUBGRAPH_PORTS.shopper),
        opportunity: port(source.OPPORTUNITY_PORT, DEFAULT_SUBGRAPH_PORTS.opportunity),
        client: port(source.CLIENT_PORT, DEFAULT_SUBGRAPH_PORTS.client),
      },
      callerContextSecret: env.CALLER_CONTEXT_SECRET,
      policy: policy.policy,
      // Reloaded when they change (WATCH_DEPLOYMENT_FILES) and on SIGHUP.
      deploymentFiles: { policyPath, supergraphPath, invariantsPath: source.POLICY_INVARIANTS_PATH || undefined },
      gateway: {
        supergraphSdl: readFileSync(supergraphPath, 'utf8'),
        watchDeploymentFiles: env.WATCH_DEPLOYMENT_FILES === 'on',
        host: env.HOST,
        auth: authOptionsFromEnv(env),
        hashKey: env.PII_HASH_KEY,
        strict: env.PRIVACY_STRICT,
        privacyReport: env.PRIVACY_REPORT,
        introspection: env.INTROSPECTION,
        maxBodyBytes: env.MAX_BODY_BYTES,
        ...hardeningOptionsFromEnv(env),
        ...engineOptionsFromEnv(env),
        explorer: explorerOptionsFromEnv(env, EXPLORER_EXAMPLES),
        audit: env.AUDIT === 'on',
        auditJournalDir: env.AUDIT_JOURNAL_DIR,
        auditJournalFsync: env.AUDIT_JOURNAL_FSYNC,
        auditSubjectTypes: env.AUDIT_SUBJECT_TYPES,
        auditSubjectVia: env.AUDIT_SUBJECT_VIA,
      },
      logger,
    },
  };
}
