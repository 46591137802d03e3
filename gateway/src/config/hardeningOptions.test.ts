import { describe, expect, it } from 'vitest';
import { hardeningOptionsFromEnv, parseGatewayEnv } from '../index.ts';

function envOf(source: NodeJS.ProcessEnv) {
  const parsed = parseGatewayEnv(source);
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return parsed.env;
}

describe('hardeningOptionsFromEnv', () => {
  it('has safe defaults: limits on, batching off, no suggestions, no details, 10 s timeouts', () => {
    expect(hardeningOptionsFromEnv(envOf({}))).toEqual({
      limits: { maxDepth: 10, maxAliases: 15, maxTokens: 2000, maxDirectives: 50, maxCost: 100_000, maxBatchSize: 0, maxVariablesBytes: 65_536 },
      fieldSuggestions: false,
      errorDetails: false,
      persistedOperations: undefined,
      subgraphTimeoutMs: 10_000,
      shutdownGraceMs: 10_000,
    });
  });

  it('reads every variable', () => {
    const options = hardeningOptionsFromEnv(
      envOf({
        NODE_ENV: 'development',
        MAX_DEPTH: '6', MAX_ALIASES: '3', MAX_TOKENS: '500', MAX_DIRECTIVES: '5', MAX_COST: '9000', MAX_BATCH_SIZE: '4', MAX_VARIABLES_BYTES: '1000',
        FIELD_SUGGESTIONS: 'on', PERSISTED_OPERATIONS_PATH: '/etc/ops.json', PERSISTED_ONLY_ROLES: 'PARTNER, CLIENT', SUBGRAPH_TIMEOUT_MS: '2500', SHUTDOWN_GRACE_MS: '0',
      }),
    );
    expect(options).toEqual({
      limits: { maxDepth: 6, maxAliases: 3, maxTokens: 500, maxDirectives: 5, maxCost: 9000, maxBatchSize: 4, maxVariablesBytes: 1000 },
      fieldSuggestions: true,
      errorDetails: true,
      persistedOperations: { path: '/etc/ops.json', onlyRoles: ['PARTNER', 'CLIENT'] },
      subgraphTimeoutMs: 2500,
      shutdownGraceMs: 0,
    });
  });

  it('refuses restricted roles without an operations file, and limits that are not positive', () => {
    expect(parseGatewayEnv({ PERSISTED_ONLY_ROLES: 'PARTNER' })).toEqual({ errors: [expect.stringMatching(/^PERSISTED_OPERATIONS_PATH: required/)] });
    expect(parseGatewayEnv({ MAX_DEPTH: '0', SUBGRAPH_TIMEOUT_MS: 'soon' })).toMatchObject({ errors: [expect.stringMatching(/^MAX_DEPTH/), expect.stringMatching(/^SUBGRAPH_TIMEOUT_MS/)] });
  });
});
