import { POLICY_PATH, REFERENCE_AUDIT_SUBJECTS, SUPERGRAPH_PATH } from '@confero/schema';
import { TEST_SECRETS } from './testSystem.ts';

/** Options of {@link gatewayProcessEnv}. */
export interface GatewayProcessEnvOptions {
  port: number;
  /** The audit store. */
  mongoUri: string;
  subgraphUrls: { shopper: string; opportunity: string; client: string };
  /** More variables (they win). */
  extra?: Record<string, string>;
}

/** The environment of a standalone gateway process (`gateway/src/cli/main.ts`) with the test secrets, logging warnings only. */
export function gatewayProcessEnv(options: GatewayProcessEnvOptions): Record<string, string | undefined> {
  return {
    ...process.env,
    PORT: String(options.port),
    SUPERGRAPH_PATH,
    POLICY_PATH,
    MONGODB_URI: options.mongoUri,
    // The reference deployment's data subjects, as its operators configure a standalone gateway.
    AUDIT_SUBJECT_TYPES: REFERENCE_AUDIT_SUBJECTS.types.join(','),
    AUDIT_SUBJECT_VIA: Object.entries(REFERENCE_AUDIT_SUBJECTS.via).map(([type, field]) => `${type}.${field}`).join(','),
    JWT_SECRET: TEST_SECRETS.jwt,
    CALLER_CONTEXT_SECRET: TEST_SECRETS.callerContext,
    PII_HASH_KEY: TEST_SECRETS.hashKey,
    SUBGRAPH_URL_SHOPPER: options.subgraphUrls.shopper,
    SUBGRAPH_URL_OPPORTUNITY: options.subgraphUrls.opportunity,
    SUBGRAPH_URL_CLIENT: options.subgraphUrls.client,
    LOG_LEVEL: 'warn',
    ...options.extra,
  };
}
