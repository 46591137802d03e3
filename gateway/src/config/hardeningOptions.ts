import type { GatewayOptions } from '../startGateway.ts';
import type { GatewayEnv } from './gatewayEnv.ts';

/** The hardening part of the gateway's options, from the validated environment. */
export type HardeningOptions = Pick<GatewayOptions, 'limits' | 'fieldSuggestions' | 'errorDetails' | 'persistedOperations' | 'subgraphTimeoutMs' | 'shutdownGraceMs'>;

/**
 * Request limits, suggestions, error details (only when NODE_ENV=development), the
 * persisted-operation allowlist, the subgraph timeout and the shutdown grace period.
 */
export function hardeningOptionsFromEnv(env: GatewayEnv): HardeningOptions {
  return {
    limits: {
      maxDepth: env.MAX_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxTokens: env.MAX_TOKENS,
      maxDirectives: env.MAX_DIRECTIVES,
      maxCost: env.MAX_COST,
      maxBatchSize: env.MAX_BATCH_SIZE,
      maxVariablesBytes: env.MAX_VARIABLES_BYTES,
    },
    fieldSuggestions: env.FIELD_SUGGESTIONS,
    errorDetails: env.NODE_ENV === 'development',
    persistedOperations:
      env.PERSISTED_OPERATIONS_PATH && env.PERSISTED_ONLY_ROLES.length > 0
        ? { path: env.PERSISTED_OPERATIONS_PATH, onlyRoles: env.PERSISTED_ONLY_ROLES }
        : undefined,
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
}
