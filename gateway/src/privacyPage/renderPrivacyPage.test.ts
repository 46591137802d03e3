import { loadPolicy, PII_CATEGORIES, PURPOSES, readPiiAnnotations } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPrivacyPage } from './index.ts';

const loaded = loadPolicy({
  version: '2026-<b>1</b>',
  description: 'Policy with <script>alert("x")</script> & "quotes"',
  roles: {
    PARTNER: {
      description: 'friendly <img src=x onerror=alert(1)> competitor',
      scope: 'partner',
      closedWorld: true,
      grants: [{ purposes: ['PARTNER_REFERRAL'], categories: { IDENTIFIERS: 'deny' }, fields: { 'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } } } }],
    },
  },
});
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const index = readPiiAnnotations(`type Shopper { email: String @pii(category: IDENTIFIERS, purpose: [PARTNER_REFERRAL]) ssn: String @pii(category: IDENTIFIERS, sensitive: true) }`);

describe('renderPrivacyPage', () => {
  const html = renderPrivacyPage(loaded.policy, index);

  it('escapes every value taken from the policy and the schema', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>1</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('Policy with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('friendly &lt;img src=x onerror=alert(1)&gt; competitor');
    expect(html).toContain('only where <code>consents.shareContactWithPartners</code> is true');
  });

  it('loads nothing from elsewhere: no script, no link, no external URL', () => {
    expect(html).not.toMatch(/<script|<link|<img|url\(|https?:\/\//i);
  });

  it('has one cell per role, purpose and category, plain and sensitive', () => {
    const cells = html.match(/<td class="cell [^"]*"/g) ?? [];
    expect(cells.length).toBe(1 * PURPOSES.length * PII_CATEGORIES.length * 2);
  });

  it('links to the explorer when the gateway serves it, and not otherwise', () => {
    expect(html).not.toContain('explorer-link');
    expect(renderPrivacyPage(loaded.policy, index, { explorerPath: '/' })).toContain('<a id="explorer-link" href="/">');
  });

  it('lists the @pii fields with category, purposes and sensitivity', () => {
    expect(html).toMatch(/data-coordinate="Shopper.email".*PARTNER_REFERRAL/);
    expect(html).toMatch(/data-coordinate="Shopper.ssn".*any granted purpose.*sensitive/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
