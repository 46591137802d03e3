import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPLORER_QUERY, resolveExplorerOptions } from './explorerOptions.ts';

describe('resolveExplorerOptions', () => {
  it('refuses development tokens without an HS256 secret, and a lifetime outside 60 s..24 h', () => {
    expect(() => resolveExplorerOptions({ devTokens: true }, undefined)).toThrow(/explorer: devTokens needs the HS256 jwtSecret/);
    expect(() => resolveExplorerOptions({ devTokenLifetimeSeconds: 86_401 }, 'secret')).toThrow(/devTokenLifetimeSeconds/);
    expect(() => resolveExplorerOptions({ devTokenLifetimeSeconds: 30 }, 'secret')).toThrow(/devTokenLifetimeSeconds/);
  });

  it('mints with the gateway’s own secret for 15 minutes by default, and keeps given examples', () => {
    expect(resolveExplorerOptions({ devTokens: true, examples: { role: 'SUPPORT' } }, 'secret')).toEqual({
      devTokens: { secret: 'secret', lifetimeSeconds: 900 },
      examples: { query: DEFAULT_EXPLORER_QUERY, identities: {}, role: 'SUPPORT' },
    });
    expect(resolveExplorerOptions({}, 'secret').devTokens).toBeNull();
  });
});
