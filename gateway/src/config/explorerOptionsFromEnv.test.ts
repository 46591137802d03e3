import { describe, expect, it } from 'vitest';
import { explorerOptionsFromEnv } from './explorerOptionsFromEnv.ts';
import { parseGatewayEnv } from './gatewayEnv.ts';

const SECRETS = {
  JWT_SECRET: 'a-real-jwt-secret-0123456789-0123456789',
  CALLER_CONTEXT_SECRET: 'a-real-caller-context-secret-0123456789',
  PII_HASH_KEY: 'a-real-pii-hash-key-0123',
};

function optionsFor(source: NodeJS.ProcessEnv) {
  const parsed = parseGatewayEnv(source);
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return explorerOptionsFromEnv(parsed.env);
}

describe('explorerOptionsFromEnv', () => {
  it('is on in development and mints tokens while the development JWT secret is in use', () => {
    expect(optionsFor({})).toEqual({ devTokens: true });
  });

  it('does not mint when the JWT secret is a real one, even outside production', () => {
    expect(optionsFor({ JWT_SECRET: SECRETS.JWT_SECRET })).toEqual({ devTokens: false });
  });

  it('is off with NODE_ENV=production unless EXPLORER turns it on, and then never mints', () => {
    expect(optionsFor({ NODE_ENV: 'production', ...SECRETS })).toBeUndefined();
    expect(optionsFor({ NODE_ENV: 'production', EXPLORER: 'on', ...SECRETS })).toEqual({ devTokens: false });
  });

  it('is off wherever EXPLORER=off', () => {
    expect(optionsFor({ EXPLORER: 'off' })).toBeUndefined();
    expect(optionsFor({ EXPLORER: '0' })).toBeUndefined();
  });

  it('refuses a value EXPLORER does not know', () => {
    expect(parseGatewayEnv({ EXPLORER: 'maybe' })).toMatchObject({ errors: [expect.stringContaining('EXPLORER')] });
  });
});
