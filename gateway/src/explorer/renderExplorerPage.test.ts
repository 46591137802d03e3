import { loadPolicy } from '@confero/directives';
import { referencePolicyDocument } from '@confero/testing';
import { describe, expect, it } from 'vitest';
import { explorerConfigFor } from './explorerConfigFor.ts';
import { resolveExplorerOptions } from './explorerOptions.ts';
import { configJson, renderExplorerPage } from './renderExplorerPage.ts';

const loaded = loadPolicy(referencePolicyDocument({
  version: '2026-<b>1</b>',
  roles: {
    CLIENT: { scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], categories: { IDENTIFIERS: 'deny' } }] },
    SUPPORT: { scope: 'all', description: '</script><script>alert(1)</script>', grants: [{ purposes: ['SERVICES', 'VERIFICATION'], categories: { IDENTIFIERS: 'allow' } }] },
    SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' } }] },
  },
}));
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const bundle = { script: 'explorer-ABC.js', style: 'explorer-ABC.css', workers: { editor: 'e.js', json: 'j.js', graphql: 'g.js' } };

describe('renderExplorerPage', () => {
  const config = explorerConfigFor(loaded.policy, resolveExplorerOptions({}, undefined), { graphqlPath: '/graphql', privacyPath: '/privacy', explain: true, bundle });
  const html = renderExplorerPage(config, bundle);

  it('embeds the configuration as inert JSON that cannot close its element', () => {
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('<title>Explorer · policy 2026-&lt;b&gt;1&lt;/b&gt; · Confero gateway</title>');
    const json = /<script type="application\/json" id="explorer-config">(.*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(json!).roles[1].description).toBe('</script><script>alert(1)</script>');
    expect(configJson(config)).not.toMatch(/[<>&]/);
  });

  it('loads only its own stylesheet and script, with no inline script to run', () => {
    const sources = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['data:,', '/explorer/assets/explorer-ABC.css', '/explorer/assets/explorer-ABC.js', '/privacy']);
    expect(html.match(/<script/g)).toHaveLength(2);
  });
});
