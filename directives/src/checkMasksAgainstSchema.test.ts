import { describe, expect, it } from 'vitest';
import { checkGuardRailsAgainstSchema, checkMasksAgainstSchema, readPiiAnnotations } from './index.ts';
import { toPiiAnnotation } from './toPiiAnnotation.ts';
import { compiled, TEST_PII_SDL } from './testing/policies.ts';

// A hash over a few distinct values is a label: the check refuses `mask:hash` wherever it would
// apply to a Boolean, an enum, an object whose hash covers one, or a field declared low-cardinality.

const index = readPiiAnnotations(`${TEST_PII_SDL}
  enum Gender { FEMALE MALE OTHER }
  type Query { person: Person }
  type Person {
    id: ID!
    email: String @pii(category: IDENTIFIERS)
    isVeteran: Boolean @pii(category: PROTECTED_CLASSIFICATIONS)
    gender: Gender @pii(category: PROTECTED_CLASSIFICATIONS)
    genders: [Gender!] @pii(category: PROTECTED_CLASSIFICATIONS)
    maritalStatus: String @pii(category: PROTECTED_CLASSIFICATIONS, lowCardinality: true)
    flags: Flags @pii(category: PERSONAL_INFORMATION)
    profile: Profile @pii(category: PERSONAL_INFORMATION)
    account: Account @pii(category: PERSONAL_INFORMATION, purpose: [SERVICES, AUDITING], sensitive: true)
    history: [Entry] @pii(category: PROFESSIONAL)
  }
  type Flags { newsletter: Boolean, nested: MoreFlags }
  type MoreFlags { sms: Boolean, channel: Gender }
  type Profile { nickname: String, bio: String }
  type Account @pii(category: PERSONAL_INFORMATION, purpose: [SERVICES, AUDITING], sensitive: true) {
    bankName: String @pii(category: PERSONAL_INFORMATION, purpose: [SERVICES, AUDITING], sensitive: true, lowCardinality: true)
    number: String
  }
  type Entry { title: String, rank: Rank }
  enum Rank { JUNIOR SENIOR }
`);

const auditor = (spec: Record<string, unknown>, purposes = ['AUDITING']) => ({ scope: 'all', grants: [{ purposes, ...spec }] });
const refusals = (spec: Record<string, unknown>, purposes?: string[]) =>
  checkMasksAgainstSchema(compiled({ version: 'v1', roles: { AUDITOR: auditor(spec, purposes) } }), index);
const LABEL = 'a hash over a few distinct values is a label: counting the hashes reads the values';

describe('checkMasksAgainstSchema', () => {
  it('refuses mask:hash on a Boolean field, naming the rule, role, purpose and coordinate, and saying why', () => {
    expect(refusals({ fields: { 'Person.isVeteran': 'mask:hash' } })).toEqual([
      `roles.AUDITOR.grants[0].fields["Person.isVeteran"]: refused: "mask:hash" would give role AUDITOR stating AUDITING Person.isVeteran, which is a Boolean: ${LABEL}. ` +
        'Give it another decision: "deny", or "mask:generalize" where that keeps something meaningful (a date of birth → its year).',
    ]);
  });

  it('refuses mask:hash on an enum field, and on a list of enums', () => {
    const found = refusals({ fields: { 'Person.gender': 'mask:hash', 'Person.genders': 'mask:hash' } });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^roles\.AUDITOR\.grants\[0\]\.fields\["Person\.gender"\]: .*Person\.gender, which is an enum \(Gender\): a hash over a few distinct values is a label/);
    expect(found[1]).toMatch(/Person\.genders, which is an enum \(Gender\)/);
  });

  it('refuses mask:hash on an object whose leaves are all Boolean or enum, listing them', () => {
    const [message, ...rest] = refusals({ fields: { 'Person.flags': 'mask:hash' } });
    expect(rest).toEqual([]);
    expect(message).toContain('Person.flags, which holds Flags.newsletter (a Boolean), MoreFlags.sms (a Boolean), MoreFlags.channel (an enum (Gender))');
    expect(message).toContain(LABEL);
  });

  it('refuses mask:hash on an object a Boolean or enum leaf of which its hash would cover', () => {
    expect(refusals({ fields: { 'Person.history': 'mask:hash' } })).toEqual([expect.stringContaining('Person.history, which holds Entry.rank (an enum (Rank))')]);
  });

  it('refuses mask:hash on a field declared low-cardinality, plain or sensitive', () => {
    expect(refusals({ categories: { PROTECTED_CLASSIFICATIONS: 'deny' }, fields: { 'Person.maritalStatus': 'mask:hash' } })).toEqual([
      expect.stringMatching(/Person\.maritalStatus, which is declared low-cardinality \(@pii\(lowCardinality: true\)\): a hash over a few distinct values is a label/),
    ]);
    // A category rule reaches the type-level fields; only the one declared low-cardinality is refused.
    expect(refusals({ sensitive: { PERSONAL_INFORMATION: 'mask:hash' } })).toEqual([
      expect.stringMatching(/^roles\.AUDITOR\.grants\[0\]\.sensitive\.PERSONAL_INFORMATION: refused: "mask:hash" would give role AUDITOR stating AUDITING Account\.bankName, which is declared low-cardinality/),
    ]);
  });

  it('names every purpose of the grant that reaches the rule', () => {
    expect(refusals({ fields: { 'Person.isVeteran': 'mask:hash' } }, ['AUDITING', 'RECORD_KEEPING'])).toEqual([
      expect.stringContaining('would give role AUDITOR stating AUDITING, RECORD_KEEPING Person.isVeteran'),
    ]);
  });

  it('accepts mask:hash over values with many distinct values, and other decisions over labels', () => {
    expect(refusals({ categories: { IDENTIFIERS: 'mask:hash' }, fields: { 'Person.profile': 'mask:hash', 'Person.account': 'mask:hash' } })).toEqual([]);
    expect(refusals({ categories: { PROTECTED_CLASSIFICATIONS: 'deny', PERSONAL_INFORMATION: 'mask:redact' }, fields: { 'Person.gender': 'allow', 'Person.isVeteran': 'mask:partial' } })).toEqual([]);
  });

  it('does not refuse a hash the field never gets (its purposes exclude the one stated)', () => {
    expect(refusals({ fields: { 'Account.bankName': 'mask:hash' } }, ['RECORD_KEEPING'])).toEqual([]);
  });

  it('checks the earlier versions the policy keeps', () => {
    const policy = compiled({
      version: 'v2',
      roles: { AUDITOR: auditor({ categories: { PROTECTED_CLASSIFICATIONS: 'deny' } }) },
      previousVersions: { v1: { roles: { AUDITOR: auditor({ categories: { PROTECTED_CLASSIFICATIONS: 'mask:hash' } }) } } },
    });
    const found = checkMasksAgainstSchema(policy, index);
    expect(found.map((m) => /stating AUDITING (\S+),/.exec(m)?.[1])).toEqual(['Person.gender', 'Person.genders', 'Person.isVeteran', 'Person.maritalStatus']);
    expect(found.every((m) => m.startsWith('previousVersions.v1.roles.AUDITOR.grants[0].categories.PROTECTED_CLASSIFICATIONS: refused'))).toBe(true);
  });

  it('is part of the guard rails the gateway checks at start-up', () => {
    const policy = compiled({ version: 'v1', roles: { AUDITOR: auditor({ fields: { 'Person.gender': 'mask:hash' } }) } });
    expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringContaining(LABEL)]);
  });
});

describe('@pii(lowCardinality:)', () => {
  it('is read into the annotation only when true', () => {
    expect(index.fieldAnnotation('Person', 'maritalStatus')).toEqual({ category: 'PROTECTED_CLASSIFICATIONS', sensitive: false, lowCardinality: true });
    expect(index.fieldAnnotation('Person', 'email')).toEqual({ category: 'IDENTIFIERS', sensitive: false });
    expect(toPiiAnnotation({ category: 'IDENTIFIERS', lowCardinality: false }, 'T.f')).toEqual({ category: 'IDENTIFIERS', sensitive: false });
  });

  it('must be a boolean', () => {
    expect(() => toPiiAnnotation({ category: 'IDENTIFIERS', lowCardinality: 'yes' }, 'T.f')).toThrow('@pii on T.f: lowCardinality must be a boolean');
  });
});
