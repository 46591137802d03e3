import { loadPolicy } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { explorerConfigFor } from './explorerConfigFor.ts';
import { resolveExplorerOptions } from './explorerOptions.ts';

// A made-up deployment (a clinic): everything the page offers comes from its policy.
const loaded = loadPolicy({
  version: '2026-<b>1</b>',
  categories: { HEALTH: { description: 'Diagnoses.' } },
  purposes: { TREATMENT: { description: 'Treating.' }, INVOICING: { description: 'Billing.' }, STUDY: { description: 'Research.' } },
  scopes: { ward: { description: 'a ward', claim: 'wardId' }, own: { description: 'own record', claim: 'patientId' } },
  roles: {
    NURSE: { description: 'n', scope: 'ward', grants: [{ purposes: ['TREATMENT'], categories: { HEALTH: 'allow' } }] },
    CLERK: { scope: 'all', description: '</script><script>alert(1)</script>', grants: [{ purposes: ['INVOICING', 'TREATMENT'], categories: { HEALTH: 'deny' } }] },
    PATIENT: { description: 'p', scope: 'own', grants: [{ purposes: ['TREATMENT'], categories: { HEALTH: 'allow' } }] },
  },
});
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const bundle = { script: 'explorer-ABC.js', style: 'explorer-ABC.css', workers: { editor: 'e.js', json: 'j.js', graphql: 'g.js' } };

describe('explorerConfigFor', () => {
  it("takes roles, scopes, purposes and the identity each scope needs from the policy", () => {
    const config = explorerConfigFor(loaded.policy, resolveExplorerOptions({ devTokens: true }, 'secret'), { graphqlPath: '/graphql', privacyPath: '/privacy', explain: true, bundle });
    expect(config.roles.map((r) => [r.name, r.scope, r.identity, r.purposes])).toEqual([
      ['NURSE', 'ward', 'wardId', ['TREATMENT']],
      ['CLERK', 'all', null, ['INVOICING', 'TREATMENT']],
      ['PATIENT', 'own', 'patientId', ['TREATMENT']],
    ]);
    expect(config.purposes).toEqual(['TREATMENT', 'INVOICING', 'STUDY']);
    expect(config).toMatchObject({ devTokens: { path: '/explorer/token', lifetimeSeconds: 900 }, schemaPath: '/explorer/schema', workers: { editor: '/explorer/assets/e.js' } });
  });

  it('offers no token endpoint and no schema route without development tokens', () => {
    const config = explorerConfigFor(loaded.policy, resolveExplorerOptions({}, 'secret'), { graphqlPath: '/graphql', privacyPath: null, explain: false, bundle });
    expect(config).toMatchObject({ devTokens: null, schemaPath: null, privacyPath: null, explain: false });
  });
});
