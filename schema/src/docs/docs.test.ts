import { existsSync, readFileSync } from 'node:fs';
import { loadPolicy, loadPolicyFile } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { POLICY_PATH } from '../index.ts';
import {
  ERRORS_DOC_PATH,
  POLICY_MATRIX_END,
  POLICY_MATRIX_START,
  README_PATH,
  readPolicyMatrix,
  renderErrorsPage,
  renderPolicyMatrix,
  withPolicyMatrix,
} from './index.ts';

const loaded = loadPolicyFile(POLICY_PATH);
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const policy = loaded.policy;

describe('generated docs', () => {
  it('docs/errors.md matches the error-code registry (run `npm run docs` when this fails)', () => {
    expect(existsSync(ERRORS_DOC_PATH)).toBe(true);
    expect(readFileSync(ERRORS_DOC_PATH, 'utf8')).toBe(renderErrorsPage());
  });

  it("the README's policy matrix matches schema/policy.json (run `npm run docs` when this fails)", () => {
    const readme = existsSync(README_PATH) ? readFileSync(README_PATH, 'utf8') : '';
    expect(readPolicyMatrix(readme)).toBe(renderPolicyMatrix(policy));
  });
});

describe('renderErrorsPage', () => {
  it('lists every code with its HTTP status and description, escaping pipes', () => {
    const page = renderErrorsPage({ PII_DENIED: { httpStatus: 403, description: 'denied | withheld' }, OTHER: { httpStatus: 500, description: 'x' } });
    expect(page).toContain('| `PII_DENIED` | 403 | denied \\| withheld |');
    expect(page).toContain('| `OTHER` | 500 | x |');
  });
});

describe('renderPolicyMatrix', () => {
  const matrix = renderPolicyMatrix(policy);
  const row = (role: string, purpose: string) => matrix.split('\n').find((l) => l.startsWith(`| ${role} | ${purpose} |`));

  it('has a row per role and granted purpose with the decision per category', () => {
    expect(row('CLIENT', 'CLIENT_REPORTING')).toBe('| CLIENT | CLIENT_REPORTING | deny | deny | deny | deny | deny | deny | deny |');
    expect(row('RESEARCH', 'INTERNAL_RESEARCH')).toMatch(/^\| RESEARCH \| INTERNAL_RESEARCH \| mask:hash \|/);
    expect(row('PARTNER', 'LEGAL_COMPLIANCE')).toBeUndefined();
  });

  it('lists overrides with consent conditions, and record scopes', () => {
    expect(matrix).toContain('| PARTNER | PARTNER_REFERRAL | `Shopper.email` | allow | only where `consents.shareContactWithPartners` is true |');
    expect(matrix).toContain('| SHOPPER | `self` | SERVICES, RECORD_KEEPING |');
    expect(matrix).toContain(`policy version \`${policy.version}\``);
  });

  it('shows sensitive decisions apart', () => {
    const sensitive = matrix.slice(matrix.indexOf('### Sensitive fields'));
    expect(sensitive.split('\n').find((l) => l.startsWith('| SUPPORT | SERVICES |'))).toBe('| SUPPORT | SERVICES | mask:partial | mask:partial | deny | deny | deny | deny | deny |');
  });

  it('says so when a policy has no overrides, and has columns for its own categories only (a made-up deployment)', () => {
    const small = loadPolicy({
      version: 'v',
      categories: { HEALTH: { description: 'Diagnoses.' }, CONTACT: { description: 'Phone, email.' } },
      purposes: { TREATMENT: { description: 'Treating the patient.' } },
      scopes: { ward: { description: 'the patients of a ward', claim: 'wardId' } },
      roles: { NURSE: { description: 'Treats the patients of a ward.', scope: 'ward', grants: [{ purposes: ['TREATMENT'], categories: { HEALTH: 'allow' } }] } },
    });
    if ('errors' in small) throw new Error(small.errors.join('\n'));
    const rendered = renderPolicyMatrix(small.policy);
    expect(rendered).toContain('### Per-field overrides\n\n_None._');
    expect(rendered).toContain('| Role | Purpose | HEALTH | CONTACT |\n|---|---|---|---|\n| NURSE | TREATMENT | allow | deny |');
    expect(rendered).toContain('| scope | `ward` | the patients of a ward (token claim `wardId`) |');
    expect(rendered).toContain('| role | `NURSE` | Treats the patients of a ward. |');
    expect(rendered).not.toContain('### Invariants');
  });

  it('lists the vocabulary and the invariants the shipped policy was checked against', () => {
    expect(matrix).toContain('| purpose | `PARTNER_REFERRAL` | ');
    expect(matrix).toContain('| scope | `client` | ');
    expect(matrix).toMatch(/\| `invariants\[2\]` \| `closedWorld` \| PARTNER \| a PARTNER is closed-world/);
  });
});

describe('withPolicyMatrix', () => {
  it('replaces the section between the markers and keeps the rest', () => {
    const readme = `# Title\n\nintro\n\n${POLICY_MATRIX_START}\nold\n${POLICY_MATRIX_END}\n\n## After\n`;
    const updated = withPolicyMatrix(readme, 'new');
    expect(updated).toBe(`# Title\n\nintro\n\n${POLICY_MATRIX_START}\nnew\n${POLICY_MATRIX_END}\n\n## After\n`);
    expect(readPolicyMatrix(updated)).toBe('new');
  });

  it('appends the markers under a heading when the README has none, or creates it', () => {
    expect(withPolicyMatrix('# Title\n\ntext\n', 'm')).toBe(`# Title\n\ntext\n\n## Policy matrix\n\n${POLICY_MATRIX_START}\nm\n${POLICY_MATRIX_END}\n`);
    expect(withPolicyMatrix(undefined, 'm')).toContain(`## Policy matrix\n\n${POLICY_MATRIX_START}\nm\n${POLICY_MATRIX_END}\n`);
  });
});
