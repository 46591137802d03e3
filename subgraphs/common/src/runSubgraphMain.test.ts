import { describe, expect, it } from 'vitest';
import { readSubgraphProcessEnv } from './runSubgraphMain.ts';

const SECRET = 'process-test-caller-context-secret-0123456789';

describe('readSubgraphProcessEnv', () => {
  it('reads the URI, port, secret, policy and log level', () => {
    const env = readSubgraphProcessEnv({ MONGODB_URI: 'mongodb://db/x', PORT: '4100', CALLER_CONTEXT_SECRET: SECRET });
    expect(env).toMatchObject({ uri: 'mongodb://db/x', port: 4100, logLevel: 'info' });
    expect('policy' in env && env.policy.scopeOf('CLIENT')).toBe('client');
  });

  it('picks a free port by default and takes record scopes from the policy', () => {
    const env = readSubgraphProcessEnv({ MONGODB_URI: 'mongodb://db/x', CALLER_CONTEXT_SECRET: SECRET });
    expect(env).toMatchObject({ port: 0 });
    expect('policy' in env && env.policy.scopeOf('NOBODY')).toBe('none');
  });

  it('names every problem of a bad configuration', () => {
    const env = readSubgraphProcessEnv({ PORT: 'x', CALLER_CONTEXT_SECRET: 'short', POLICY_PATH: '/nonexistent/policy.json', NODE_ENV: 'production' });
    expect('errors' in env && env.errors).toEqual([
      'MONGODB_URI is required',
      'PORT must be a port number',
      'CALLER_CONTEXT_SECRET is required (at least 32 bytes)',
      expect.stringMatching(/^policy \/nonexistent\/policy.json: /),
      'PII_HASH_KEY is required in production',
    ]);
  });
});
