import { loadPolicy } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { explorerConfigFor } from './explorerConfigFor.ts';
import { resolveExplorerOptions } from './explorerOptions.ts';

const loaded = loadPolicy({
  version: '2026-<b>1</b>',
  roles: {
    CLIENT: { scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], categories: { IDENTIFIERS: 'deny' } }] },
    SUPPORT: { scope: 'all', description: '</script><script>alert(1)</script>', grants: [{ purposes: ['SERVICES', 'VERIFICATION'], categories: { IDENTIFIERS: 'allow' } }] },
    SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' } }] },
  },
});
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const bundle = { script: 'explorer-ABC.js', style: 'explorer-ABC.css', workers: { editor: 'e.js', json: 'j.js', graphql: 'g.js' } };

describe('explorerConfigFor', () => {
  it("takes roles, scopes, purposes and the identity each scope needs from the policy", () => {
    const config = explorerConfigFor(loaded.policy, resolveExplorerOptions({ devTokens: true }, 'secret'), { graphqlPath: '/graphql', privacyPath: '/privacy', explain: true, bundle });
    expect(config.roles.map((r) => [r.name, r.scope, r.identity, r.purposes])).toEqual([
      ['CLIENT', 'client', 'clientId', ['CLIENT_REPORTING']],
      ['SUPPORT', 'all', null, ['SERVICES', 'VERIFICATION']],
      ['SHOPPER', 'self', 'shopperId', ['SERVICES']],
    ]);
    expect(config).toMatchObject({ devTokens: { path: '/explorer/token', lifetimeSeconds: 900 }, schemaPath: '/explorer/schema', workers: { editor: '/explorer/assets/e.js' } });
  });

  it('offers no token endpoint and no schema route without development tokens', () => {
    const config = explorerConfigFor(loaded.policy, resolveExplorerOptions({}, 'secret'), { graphqlPath: '/graphql', privacyPath: null, explain: false, bundle });
    expect(config).toMatchObject({ devTokens: null, schemaPath: null, privacyPath: null, explain: false });
  });
});
