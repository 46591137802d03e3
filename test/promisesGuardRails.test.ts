import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGuardRailsAgainstSchema, loadPolicy, loadPolicyFile, readPiiAnnotations } from '@confero/directives';
import { createLogger } from '@confero/gateway';
import { INVARIANTS_PATH, POLICY_PATH, readSupergraph } from '@confero/schema';
import { systemOptionsFromEnv } from '@confero/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSystem } from './support/testSystem.ts';

// Guard rails that no policy edit can break: the reference deployment's invariants
// (schema/invariants.json, owned apart from the policy) keep the system from starting with a
// policy that would give a partner more than name, street address and consented contact; give a
// client identifiers, financial data or protected classifications; show individual web visits
// beyond security; widen a record scope; or declare or grant a purpose the privacy policy does not
// name (nothing is ever sold). The kinds of invariant are tested on their own in
// directives/src/invariants/invariants.test.ts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edited freely below
type PolicyJson = Record<string, any>;
const shipped = (): PolicyJson => JSON.parse(readFileSync(POLICY_PATH, 'utf8'));
const grantOf = (doc: PolicyJson, role: string, index = 0) => doc.roles[role].grants[index];
const errorsOf = (result: ReturnType<typeof loadPolicy>): string[] => ('errors' in result ? result.errors : []);

describe('guard rails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confero-rails-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hold for the shipped policy against the composed supergraph', () => {
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    expect(checkGuardRailsAgainstSchema(loaded.policy, readPiiAnnotations(readSupergraph()))).toEqual([]);
  });

  const edits: Array<[string, (doc: PolicyJson) => void, RegExp]> = [
    ['a partner given the SSN', (d) => (grantOf(d, 'PARTNER').fields['Shopper.ssn'] = 'mask:partial'), /roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.ssn"\]: refused by a guard rail: "mask:partial" would give a PARTNER Shopper\.ssn/],
    ['a partner given email without consent', (d) => (grantOf(d, 'PARTNER').fields['Shopper.email'] = 'allow'), /roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.email"\]: .*needs the condition/],
    ['a client given identifiers', (d) => (grantOf(d, 'CLIENT').categories.IDENTIFIERS = 'mask:hash'), /roles\.CLIENT\.grants\[0\]\.categories\.IDENTIFIERS: refused by a guard rail/],
    ['a client given full names', (d) => (grantOf(d, 'CLIENT', 1).fields['Shopper.name'] = 'allow'), /roles\.CLIENT\.grants\[1\]\.fields\["Shopper\.name"\]: refused by a guard rail: a CLIENT gets Shopper\.name at most as "mask:initials" \(or nothing\), not "allow"/],
    ['a client given financial data', (d) => (grantOf(d, 'CLIENT').sensitive = { PERSONAL_INFORMATION: 'mask:partial' }), /roles\.CLIENT\.grants\[0\]\.sensitive\.PERSONAL_INFORMATION: refused/],
    ['an auditor given web visits', (d) => (grantOf(d, 'AUDITOR').categories.INTERNET_ACTIVITY = 'mask:hash'), /roles\.AUDITOR\.grants\[0\]\.categories\.INTERNET_ACTIVITY: .*"We only use such Traffic Data in aggregate\."/],
    ['a sale of personal information', (d) => grantOf(d, 'PARTNER').purposes.push('MARKETING_SALE'), /roles\.PARTNER\.grants\[0\]\.purposes\[1\]: refused by a guard rail: purpose "MARKETING_SALE" may never be granted\. .*the privacy policy: "We do not sell your personal information\."/],
    ['a purpose the privacy policy does not name', (d) => ((d.purposes.PROFILING = { description: 'Profiling shoppers.' }), grantOf(d, 'RESEARCH').purposes.push('PROFILING')), /^policy .*: purposes\.PROFILING: refused by a guard rail: purpose PROFILING is not one the privacy policy names .*"We will not collect additional categories of personal information/],
    ['a shopper who reaches every record', (d) => (d.roles.SHOPPER.scope = 'all'), /roles\.SHOPPER\.scope: refused by a guard rail: a SHOPPER may not have scope "all"\. .*"your ability to correct the information"/],
    ['an earlier version that breaks a rail', (d) => (d.previousVersions['2024-01-01'].roles.PARTNER.grants[0].fields['Shopper.dateOfBirth'] = 'allow'), /previousVersions\["2024-01-01"\]\.roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.dateOfBirth"\]/],
  ];

  it.each(edits)('keep the system from starting with a policy file that has %s, naming the entry', (_name, edit, message) => {
    const doc = shipped();
    edit(doc);
    const path = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(doc));
    // The invariants live apart from the policy (their owner is not the policy's editor).
    const result = systemOptionsFromEnv(createLogger('test', 'silent'), { POLICY_PATH: path, POLICY_INVARIANTS_PATH: INVARIANTS_PATH });
    expect(result).not.toHaveProperty('options');
    const errors = 'errors' in result ? result.errors : [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`policy ${path}: `);
    expect(errors[0]).toMatch(message);
  });

  it('cannot be dropped by renaming the role they hold: a policy that renames PARTNER is refused', () => {
    const doc = shipped();
    doc.roles.FRIENDLY_COMPETITOR = doc.roles.PARTNER;
    delete doc.roles.PARTNER;
    for (const version of Object.values(doc.previousVersions) as PolicyJson[]) delete version.roles.PARTNER;
    const errors = errorsOf(loadPolicy(doc, { invariants: INVARIANTS_PATH }));
    expect(errors).toEqual([
      expect.stringMatching(/^invariants\[2\]\.role: role PARTNER is not declared by policy 2026-11-01/),
      expect.stringMatching(/^invariants\[7\]\.role: role PARTNER is not declared by policy 2026-11-01/),
    ]);
  });

  it('keep the gateway from starting when only the schema shows the breach (a client rule on a withheld field)', async () => {
    const doc = shipped();
    grantOf(doc, 'CLIENT').fields['Shopper.ssn'] = 'allow';
    grantOf(doc, 'CLIENT').fields['Shopper.gender'] = 'mask:generalize';
    const loaded = loadPolicy(doc, { invariants: INVARIANTS_PATH });
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const started = startTestSystem({ policy: loaded.policy });
    await expect(started).rejects.toThrow(/policy 2026-11-01 breaks the privacy policy's guard rails on this supergraph/);
    await expect(started).rejects.toThrow(/roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.ssn"\]: refused by a guard rail: Shopper\.ssn is IDENTIFIERS/);
    await expect(started).rejects.toThrow(/roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.gender"\]: refused by a guard rail: Shopper\.gender is PROTECTED_CLASSIFICATIONS/);
  }, 180_000);

  it('keep the gateway from starting when a hash would be a label (an auditor given hashed gender and bank names)', async () => {
    const doc = shipped();
    grantOf(doc, 'AUDITOR').categories.PROTECTED_CLASSIFICATIONS = 'mask:hash';
    delete grantOf(doc, 'AUDITOR').fields['BankAccount.bankName'];
    const loaded = loadPolicy(doc, { invariants: INVARIANTS_PATH });
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const started = startTestSystem({ policy: loaded.policy });
    await expect(started).rejects.toThrow(/policy 2026-11-01 breaks the privacy policy's guard rails on this supergraph/);
    const label = 'a hash over a few distinct values is a label: counting the hashes reads the values';
    for (const field of ['gender', 'maritalStatus', 'veteranStatus']) {
      await expect(started).rejects.toThrow(`roles.AUDITOR.grants[0].categories.PROTECTED_CLASSIFICATIONS: refused: "mask:hash" would give role AUDITOR stating AUDITING Shopper.${field}, which is declared low-cardinality (@pii(lowCardinality: true)): ${label}`);
    }
    await expect(started).rejects.toThrow(`roles.AUDITOR.grants[0].sensitive.PERSONAL_INFORMATION: refused: "mask:hash" would give role AUDITOR stating AUDITING BankAccount.bankName`);
  }, 180_000);
});
