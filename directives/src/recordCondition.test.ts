import { describe, expect, it } from 'vitest';
import { decideRead, decideUntagged, readPiiAnnotations } from './index.ts';
import { recordConditionFor } from './recordCondition.ts';
import { compiled, TEST_PII_SDL } from './testing/policies.ts';

// Which records a caller may compare with a field: exactly those deciding each record would
// give it the field of in full, from the policy alone (versions × consents).

const index = readPiiAnnotations(`${TEST_PII_SDL}
  type Query { shoppers: [Shopper] audit: String @pii(category: IDENTIFIERS) }
  type Shopper @key(fields: "id") {
    id: ID!
    email: String @pii(category: IDENTIFIERS)
    address: String @pii(category: IDENTIFIERS)
    rating: Float @pii(category: PROFESSIONAL)
    note: String
  }
`);

const policy = compiled({
  version: 'v2',
  roles: {
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow', PROFESSIONAL: 'mask:generalize' } }] },
    PARTNER: {
      scope: 'partner',
      closedWorld: true,
      grants: [
        {
          purposes: ['PARTNER_REFERRAL'],
          fields: { 'Query.shoppers': 'allow', 'Shopper.address': 'allow', 'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } } },
        },
      ],
    },
  },
  previousVersions: {
    v1: {
      roles: {
        SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' }, fields: { 'Shopper.address': 'deny' } }] },
        PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Query.shoppers': 'allow', 'Shopper.address': 'allow' } }] },
      },
    },
  },
});

const support = { role: 'SUPPORT', purpose: 'SERVICES' };
const partner = { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' };

describe('decideRead', () => {
  it('permits a read only where the caller gets the field in full', () => {
    expect(decideRead(policy, support, index, 'Shopper.email')).toMatchObject({ permitted: true, perRecord: true });
    expect(decideRead(policy, support, index, 'Shopper.rating')).toMatchObject({ permitted: false, decision: { effect: 'mask' } });
    expect(decideRead(policy, { role: 'SUPPORT', purpose: null }, index, 'Shopper.email')).toMatchObject({ permitted: false, decision: { reason: 'NO_PURPOSE' } });
  });

  it('permits a read of a field without @pii, unless the role is closed-world and its grant does not name it', () => {
    expect(decideRead(policy, support, index, 'Shopper.note')).toMatchObject({ permitted: true, perRecord: false });
    expect(decideRead(policy, partner, index, 'Shopper.note')).toMatchObject({ permitted: false, decision: { reason: 'CLOSED_WORLD' } });
    expect(decideRead(policy, partner, index, 'Shopper.id')).toMatchObject({ permitted: true });
  });

  it('decides a root field without a record', () => {
    expect(decideRead(policy, support, index, 'Query.audit').perRecord).toBe(false);
  });
});

describe('decideUntagged', () => {
  it('leaves fields alone for roles that are not closed-world, and keys for every role', () => {
    expect(decideUntagged(policy, { ...support, coordinate: 'Shopper.note', isKey: false })).toBeUndefined();
    expect(decideUntagged(policy, { ...partner, coordinate: 'Shopper.id', isKey: true })).toBeUndefined();
  });

  it('gives a closed-world role only what its grant names, and nothing without a granted purpose', () => {
    expect(decideUntagged(policy, { ...partner, coordinate: 'Query.shoppers', isKey: false })).toMatchObject({ effect: 'allow' });
    expect(decideUntagged(policy, { ...partner, coordinate: 'Shopper.note', isKey: false })).toMatchObject({ effect: 'deny', reason: 'CLOSED_WORLD' });
    expect(decideUntagged(policy, { role: 'PARTNER', purpose: null, coordinate: 'Query.shoppers', isKey: false })).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
  });

  it('decides a record of an earlier version under that version too', () => {
    const v0 = { policyVersion: 'v0' };
    expect(decideUntagged(policy, { ...partner, coordinate: 'Query.shoppers', isKey: false, record: v0 })).toMatchObject({ effect: 'deny', reason: 'POLICY_VERSION_UNKNOWN' });
  });
});

describe('recordConditionFor', () => {
  it('needs no condition for fields that are not personal', () => {
    expect(recordConditionFor(policy, support, index, ['Shopper.note'])).toEqual({ kind: 'all' });
  });

  it('admits the versions that give the field in full, never an unknown one', () => {
    expect(recordConditionFor(policy, support, index, ['Shopper.address'])).toEqual({
      kind: 'some',
      currentVersion: 'v2',
      anyOf: [{ policyVersion: 'v2', consents: {} }],
    });
    expect(recordConditionFor(policy, support, index, ['Shopper.email'])).toEqual({
      kind: 'some',
      currentVersion: 'v2',
      anyOf: [
        { policyVersion: 'v2', consents: {} },
        { policyVersion: 'v1', consents: {} },
      ],
    });
  });

  it('admits only the records whose consent gives the field', () => {
    expect(recordConditionFor(policy, partner, index, ['Shopper.email'])).toEqual({
      kind: 'some',
      currentVersion: 'v2',
      anyOf: [{ policyVersion: 'v2', consents: { shareContactWithPartners: true } }],
    });
  });

  it('admits nothing where no record gives every field read', () => {
    expect(recordConditionFor(policy, support, index, ['Shopper.address', 'Shopper.rating'])).toEqual({ kind: 'none' });
  });

  it('agrees with deciding each record', () => {
    const records = ['v2', 'v1'].flatMap((policyVersion) => [true, false].map((c) => ({ policyVersion, consents: { shareContactWithPartners: c } })));
    for (const caller of [support, partner]) {
      for (const coordinate of ['Shopper.email', 'Shopper.address']) {
        const condition = recordConditionFor(policy, caller, index, [coordinate]);
        for (const record of records) {
          const admitted =
            condition.kind === 'all' ||
            (condition.kind === 'some' &&
              condition.anyOf.some((a) => a.policyVersion === record.policyVersion && Object.entries(a.consents).every(([flag, v]) => record.consents[flag as 'shareContactWithPartners'] === v)));
          expect(admitted, `${caller.role} ${coordinate} ${JSON.stringify(record)}`).toBe(decideRead(policy, caller, index, coordinate, record).permitted);
        }
      }
    }
  });
});
