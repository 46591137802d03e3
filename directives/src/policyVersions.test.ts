import { describe, expect, it } from 'vitest';
import { collectedUnder, markCollectedUnder } from './collectedUnder.ts';
import { decide, loadPolicy, loadPolicyFile, POLICY_PATH, readPiiAnnotations, type PiiAnnotation } from './index.ts';
import type { LoadPolicyResult } from './loadPolicy.ts';
import { composeReferenceSupergraph } from '@confero/testing';
import { compiled, testPolicyDocument } from './testing/policies.ts';

// "We will use information in accordance with the privacy policy under which the information
// was collected": the policy keeps its earlier versions, and a record is decided under the
// version it was collected under and the current one, the more restrictive winning.

const identifiers: PiiAnnotation = { category: 'IDENTIFIERS', sensitive: false };

const versioned = () => ({
  version: '2026-11-01',
  roles: {
    PARTNER: {
      scope: 'partner',
      closedWorld: true,
      grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Shopper.name': 'allow', 'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } } } }],
    },
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'mask:partial' } }] },
    AUDITOR: { scope: 'all', grants: [{ purposes: ['AUDITING'], categories: { IDENTIFIERS: 'allow' } }] },
  },
  previousVersions: {
    '2024-01-01': {
      description: 'Partners got names only; support saw identifiers hashed; there were no auditors.',
      roles: {
        PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Shopper.name': 'allow' } }] },
        SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'mask:hash' } }] },
      },
    },
  },
});

function errorsOf(result: LoadPolicyResult): string[] {
  expect(result).toHaveProperty('errors');
  return 'errors' in result ? result.errors : [];
}

describe('policy versions', () => {
  describe('the file format', () => {
    it('keeps earlier versions under previousVersions, by version', () => {
      const policy = compiled(versioned());
      expect(policy.version).toBe('2026-11-01');
      expect([...policy.previousVersions.keys()]).toEqual(['2024-01-01']);
      expect(policy.previousVersions.get('2024-01-01')?.roles.get('PARTNER')?.grants[0]?.rule).toBe('previousVersions["2024-01-01"].roles.PARTNER.grants[0]');
    });

    it('refuses the current version among the earlier ones, an empty version, and unknown properties, naming each', () => {
      const doc = testPolicyDocument(versioned()) as Record<string, any>;
      doc.previousVersions['2026-11-01'] = { roles: {} };
      doc.previousVersions[' '] = { roles: {} };
      doc.previousVersions['2023-01-01'] = { roles: {}, scope: 'all' };
      expect(errorsOf(loadPolicy(doc)).sort()).toEqual([
        'previousVersions[" "]: a version is a non-empty name without surrounding spaces',
        'previousVersions["2023-01-01"].scope: unknown property',
        'previousVersions["2026-11-01"]: 2026-11-01 is the current version (version); list only earlier versions here',
      ]);
    });

    it('validates an earlier version like the current one', () => {
      const doc = testPolicyDocument(versioned()) as Record<string, any>;
      doc.previousVersions['2024-01-01'].roles.SUPPORT.grants[0].categories.IDENTIFERS = 'allow';
      doc.previousVersions['2024-01-01'].roles.SUPPORT.grants.push({ purposes: ['SERVICES'] });
      expect(errorsOf(loadPolicy(doc))).toEqual([
        expect.stringMatching(/^previousVersions\["2024-01-01"\]\.roles\.SUPPORT\.grants\[0\]\.categories\.IDENTIFERS: unknown category \(the policy's categories: IDENTIFIERS, /),
        'previousVersions["2024-01-01"].roles.SUPPORT.grants[1].purposes[0]: purpose SERVICES is already granted by previousVersions["2024-01-01"].roles.SUPPORT.grants[0]',
      ]);
    });
  });

  describe('deciding a record', () => {
    const policy = compiled(versioned());
    const email = (role: string, purpose: string, record?: unknown) =>
      decide(policy, { role, purpose, annotation: identifiers, coordinate: 'Shopper.email', ...(record === undefined ? {} : { record }) });

    it('uses the current version alone without a record, or for a record of the current version', () => {
      expect(email('SUPPORT', 'SERVICES')).toMatchObject({ effect: 'mask', strategy: 'partial', rule: 'roles.SUPPORT.grants[0].categories.IDENTIFIERS' });
      expect(email('SUPPORT', 'SERVICES', { policyVersion: '2026-11-01' })).toMatchObject({ strategy: 'partial' });
    });

    it('takes the more restrictive of the two versions for a record of an earlier one', () => {
      expect(email('SUPPORT', 'SERVICES', { policyVersion: '2024-01-01' })).toMatchObject({
        effect: 'mask',
        strategy: 'hash',
        rule: 'previousVersions["2024-01-01"].roles.SUPPORT.grants[0].categories.IDENTIFIERS',
      });
      const consented = { policyVersion: '2024-01-01', consents: { shareContactWithPartners: true } };
      expect(email('PARTNER', 'PARTNER_REFERRAL', { ...consented, policyVersion: '2026-11-01' })).toMatchObject({ effect: 'allow', reason: 'CONSENT_GIVEN' });
      expect(email('PARTNER', 'PARTNER_REFERRAL', consented)).toMatchObject({ effect: 'deny', rule: 'previousVersions["2024-01-01"].roles.PARTNER.closedWorld' });
    });

    it('gives a role the earlier version did not have nothing of its records', () => {
      expect(email('AUDITOR', 'AUDITING', { policyVersion: '2026-11-01' })).toMatchObject({ effect: 'allow' });
      expect(email('AUDITOR', 'AUDITING', { policyVersion: '2024-01-01' })).toMatchObject({ effect: 'deny', reason: 'UNKNOWN_ROLE' });
    });

    it.each([['a version the policy does not keep', '2019-05-01'], ['an empty version', ''], ['a version that is not a string', 42], ['a null version', null]])(
      'denies a record with %s',
      (_, policyVersion) => {
        expect(email('SUPPORT', 'SERVICES', { policyVersion })).toMatchObject({ effect: 'deny', reason: 'POLICY_VERSION_UNKNOWN' });
      },
    );

    it('decides a value nested in a record under the record’s version', () => {
      const address = { street: '1 Main St' };
      expect(collectedUnder(address)).toBeUndefined();
      markCollectedUnder(address, '2024-01-01');
      expect(collectedUnder(address)).toBe('2024-01-01');
      expect(Object.keys(address)).toEqual(['street']);
      expect(JSON.stringify(address)).toBe('{"street":"1 Main St"}');
      expect(email('SUPPORT', 'SERVICES', address)).toMatchObject({ strategy: 'hash' });
      const list = [{ at: 1 }, 'leaf', null];
      markCollectedUnder(list, '2024-01-01');
      expect(collectedUnder(list[0])).toBe('2024-01-01');
    });
  });

  describe('in the default policy (schema/policy.json)', () => {
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const policy = loaded.policy;
    const index = readPiiAnnotations(composeReferenceSupergraph());
    const effect = (role: string, purpose: string, coordinate: string, record: Record<string, unknown>) => {
      const [type, field] = coordinate.split('.') as [string, string];
      const d = decide(policy, { role, purpose, annotation: index.fieldAnnotation(type, field)!, coordinate, record });
      return d.effect === 'mask' ? `mask:${d.strategy}` : d.effect;
    };
    const under = (policyVersion: string) => ({ policyVersion, consents: { shareContactWithPartners: true } });

    it('keeps 2024-01-01, the version a third of the shoppers were collected under', () => {
      expect(policy.version).toBe('2026-11-01');
      expect([...policy.previousVersions.keys()]).toEqual(['2024-01-01']);
    });

    it('shares no contact data of a 2024-01-01 record with partners, consent or not', () => {
      for (const c of ['Shopper.email', 'Shopper.phone']) {
        expect(effect('PARTNER', 'PARTNER_REFERRAL', c, under('2026-11-01')), c).toBe('allow');
        expect(effect('PARTNER', 'PARTNER_REFERRAL', c, under('2024-01-01')), c).toBe('deny');
      }
      expect(effect('PARTNER', 'PARTNER_REFERRAL', 'Shopper.name', under('2024-01-01'))).toBe('allow');
      expect(effect('PARTNER', 'PARTNER_REFERRAL', 'PostalAddress.street', under('2024-01-01'))).toBe('allow');
    });

    it('uses no location of a 2024-01-01 record for research', () => {
      for (const c of ['Shopper.homeLocation', 'Shopper.address', 'PostalAddress.city']) {
        expect(effect('RESEARCH', 'INTERNAL_RESEARCH', c, under('2026-11-01')), c).toBe('mask:generalize');
        expect(effect('RESEARCH', 'INTERNAL_RESEARCH', c, under('2024-01-01')), c).toBe('deny');
      }
      expect(effect('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.rating', under('2024-01-01'))).toBe('allow');
    });

    it("keeps a 2024-01-01 record's phone number from customer service, but not from the shopper", () => {
      expect(effect('SUPPORT', 'SERVICES', 'Shopper.phone', under('2026-11-01'))).toBe('allow');
      expect(effect('SUPPORT', 'SERVICES', 'Shopper.phone', under('2024-01-01'))).toBe('deny');
      expect(effect('SUPPORT', 'SERVICES', 'Shopper.email', under('2024-01-01'))).toBe('allow');
      expect(effect('SHOPPER', 'SERVICES', 'Shopper.phone', under('2024-01-01'))).toBe('allow');
    });

    it('is otherwise the same under both versions', () => {
      const differences: string[] = [];
      for (const role of policy.roles.keys()) {
        for (const purpose of policy.purposesOf(role)) {
          for (const { coordinate } of index.fields()) {
            const [now, then] = ['2026-11-01', '2024-01-01'].map((v) => effect(role, purpose, coordinate, under(v)));
            if (now !== then) differences.push(`${role}/${purpose} ${coordinate}`);
          }
        }
      }
      const expected = /^(PARTNER\/PARTNER_REFERRAL Shopper\.(email|phone)|RESEARCH\/INTERNAL_RESEARCH (Shopper\.(homeLocation|address)|PostalAddress\.(city|region|country))|SUPPORT\/\w+ Shopper\.phone)$/;
      expect(differences.filter((d) => !expected.test(d))).toEqual([]);
      expect(differences.length).toBeGreaterThanOrEqual(9);
    });
  });
});
