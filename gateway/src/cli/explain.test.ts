import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The explain CLI, as an operator runs it: a real process over the committed supergraph and policy.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'gateway/src/cli/explain.ts');
const dir = mkdtempSync(join(tmpdir(), 'confero-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function explain(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=confero-source', CLI, ...args], { cwd: ROOT, env: { ...process.env, npm_lifecycle_event: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SHOPPERS = file(
  'shoppers.graphql',
  `query Shoppers { shoppers(first: 5) { nodes { id name email ssn address { street city } } } deliverables(first: 1) { nodes { checkIn { at } } } }`,
);

describe('npm run explain', () => {
  it('prints a table with the decision, category, rule and what the caller receives for each field', async () => {
    const { code, stdout } = await explain('--role', 'CLIENT', '--purpose', 'CLIENT_REPORTING', SHOPPERS);
    expect(code).toBe(0);
    const row = (path: string) => stdout.split('\n').find((line) => line.startsWith(`${path} `)) ?? '';
    expect(stdout).toContain('role CLIENT · purpose CLIENT_REPORTING · operation Shoppers');
    expect(row('shoppers.nodes.name')).toMatch(/IDENTIFIERS\s+mask:initials \(FIELD_RULE\)\s+roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.name"\]\s+masked \(initials\)/);
    expect(row('shoppers.nodes.ssn')).toMatch(/deny \(PURPOSE_LIMITATION\)\s+@pii\(purpose\)\s+null/);
    expect(row('shoppers.nodes.id')).toContain('not PII');
    expect(row('shoppers.nodes.address.street')).toContain('withheld with its parent');
    expect(row('deliverables.nodes.checkIn.at')).toContain('(via Deliverable.checkIn)');
    expect(stdout).toContain('Strict mode would reject this operation');
  });

  it('prints JSON with --json, showing consent conditions', async () => {
    const { code, stdout } = await explain('--role', 'PARTNER', '--purpose', 'PARTNER_REFERRAL', '--json', SHOPPERS);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { policyVersion: string; fields: Array<Record<string, unknown>>; strictDenied: string[] };
    expect(json.policyVersion).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(json.fields.find((f) => f.path === 'shoppers.nodes.email')).toMatchObject({
      coordinate: 'Shopper.email',
      category: 'IDENTIFIERS',
      effect: 'allow',
      condition: { consent: 'shareContactWithPartners' },
      rule: 'roles.PARTNER.grants[0].fields["Shopper.email"]',
    });
    expect(json.fields.find((f) => f.path === 'shoppers.nodes.address.street')).toMatchObject({ effect: 'allow', receives: 'value' });
    // A partner is closed-world: the deliverables list itself is withheld, so nothing below it is asked for.
    expect(json.strictDenied).toEqual(['Shopper.ssn', 'Query.deliverables']);
  });

  describe('when --strict is given', () => {
    it('exits 1 naming the denied fields the operation asks for', async () => {
      const { code, stderr } = await explain('--role', 'SUPPORT', '--purpose', 'SERVICES', '--strict', SHOPPERS);
      expect(code).toBe(1);
      expect(stderr).toContain('Deliverable.checkIn');
    });

    it('exits 0 when nothing denied is asked for', async () => {
      const ok = file('ok.graphql', '{ shoppers(first: 1) { nodes { id name email } } }');
      const { code } = await explain('--role', 'SUPPORT', '--purpose', 'SERVICES', '--strict', ok);
      expect(code).toBe(0);
    });
  });

  describe('when the input is bad', () => {
    it('names the known roles for an unknown role', async () => {
      const { code, stderr, stdout } = await explain('--role', 'ADMIN', '--purpose', 'SERVICES', SHOPPERS);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/Unknown role "ADMIN"\. Policy .* knows: .*CLIENT.*PARTNER/);
    });

    it("names the role's purposes for an unknown or ungranted purpose", async () => {
      const unknown = await explain('--role', 'PARTNER', '--purpose', 'SELLING', SHOPPERS);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown purpose "SELLING". Role PARTNER may state: PARTNER_REFERRAL.');
      const ungranted = await explain('--role', 'PARTNER', '--purpose', 'LEGAL_COMPLIANCE', SHOPPERS);
      expect(ungranted.code).toBe(2);
      expect(ungranted.stderr).toContain('Role PARTNER may not state purpose LEGAL_COMPLIANCE. It may state: PARTNER_REFERRAL.');
    });

    it('reports an unreadable file', async () => {
      const { code, stderr } = await explain('--role', 'LEGAL', '--purpose', 'LEGAL_COMPLIANCE', join(dir, 'missing.graphql'));
      expect(code).toBe(2);
      expect(stderr).toMatch(/cannot read the operation file .*missing\.graphql: ENOENT/);
    });

    it('reports a syntax error and a field the schema does not have, with locations', async () => {
      const syntax = await explain('--role', 'LEGAL', '--purpose', 'LEGAL_COMPLIANCE', file('syntax.graphql', '{ shoppers { '));
      expect(syntax.code).toBe(2);
      expect(syntax.stderr).toMatch(/does not parse: Syntax Error.*\(at 1:\d+\)/);
      const invalid = await explain('--role', 'LEGAL', '--purpose', 'LEGAL_COMPLIANCE', file('invalid.graphql', '{ shoppers { nodes { salary } } }'));
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('Cannot query field "salary" on type "Shopper"');
    });

    it('prints usage without a role, a purpose or a file', async () => {
      const { code, stderr } = await explain('--role', 'LEGAL', SHOPPERS);
      expect(code).toBe(2);
      expect(stderr).toContain('usage: npm run explain');
    });
  });
});
