import { loadPolicy, readPiiAnnotations } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPrivacyPage } from './index.ts';

// A made-up deployment: the page shows the policy's own vocabulary.
const loaded = loadPolicy({
  version: '2026-<b>1</b>',
  description: 'Policy with <script>alert("x")</script> & "quotes"',
  categories: { CONTACT: { description: 'How to reach <u>someone</u>', label: 'Contact <i>' }, HEALTH: { description: 'Diagnoses.' } },
  purposes: { REFERRAL: { description: 'Referring <b>patients</b>.' }, TREATMENT: { description: 'Treating.' }, STUDY: { description: 'Research.' } },
  scopes: { referred: { description: 'patients referred to <em>the insurer</em>', claim: 'insurerId' } },
  roles: {
    INSURER: {
      description: 'friendly <img src=x onerror=alert(1)> insurer',
      scope: 'referred',
      closedWorld: true,
      grants: [{ purposes: ['REFERRAL'], categories: { CONTACT: 'deny' }, fields: { 'Patient.email': { decision: 'allow', when: { consent: 'shareWithInsurer' } } } }],
    },
  },
});
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const index = readPiiAnnotations(`type Patient { email: String @pii(category: CONTACT, purpose: [REFERRAL]) ssn: String @pii(category: CONTACT, sensitive: true) }`);

describe('renderPrivacyPage', () => {
  const html = renderPrivacyPage(loaded.policy, index);

  it('escapes every value taken from the policy and the schema', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>1</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('Policy with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('friendly &lt;img src=x onerror=alert(1)&gt; insurer');
    expect(html).toContain('only where <code>consents.shareWithInsurer</code> is true');
    expect(html).toContain('patients referred to &lt;em&gt;the insurer&lt;/em&gt;');
    expect(html).toContain('Contact &lt;i&gt;');
    expect(html).toContain('Referring &lt;b&gt;patients&lt;/b&gt;.');
  });

  it('loads nothing from elsewhere: no script, no link, no external URL', () => {
    expect(html).not.toMatch(/<script|<link|<img|url\(|https?:\/\//i);
  });

  it('has one cell per role, purpose and category of the policy, plain and sensitive, headed by the categories\' labels', () => {
    const cells = html.match(/<td class="cell [^"]*"/g) ?? [];
    expect(cells.length).toBe(1 * 3 * 2 * 2);
    expect(html).toContain('<th title="CONTACT: How to reach &lt;u&gt;someone&lt;/u&gt;" scope="col">Contact &lt;i&gt;</th><th title="HEALTH: Diagnoses." scope="col">HEALTH</th>');
    expect(html.match(/data-purpose="[A-Z]+"/g)?.slice(0, 3)).toEqual(['data-purpose="REFERRAL"', 'data-purpose="REFERRAL"', 'data-purpose="REFERRAL"']);
  });

  it('lists the record scopes, categories and purposes with what the policy says of them', () => {
    expect(html).toMatch(/<tr data-role="INSURER"><td>INSURER<\/td><td class="scope">referred<\/td><td>patients referred to &lt;em&gt;the insurer&lt;\/em&gt;<\/td>/);
    expect(html).toMatch(/<table id="categories">.*data-name="CONTACT".*data-name="HEALTH"/);
    expect(html).toMatch(/<table id="purposes">.*data-name="REFERRAL".*data-name="TREATMENT".*data-name="STUDY"/);
  });

  it('links to the explorer when the gateway serves it, and not otherwise', () => {
    expect(html).not.toContain('explorer-link');
    expect(renderPrivacyPage(loaded.policy, index, { explorerPath: '/' })).toContain('<a id="explorer-link" href="/">');
  });

  it('lists the @pii fields with category, purposes and sensitivity', () => {
    expect(html).toMatch(/data-coordinate="Patient.email".*REFERRAL/);
    expect(html).toMatch(/data-coordinate="Patient.ssn".*any granted purpose.*sensitive/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
