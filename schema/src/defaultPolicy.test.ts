import { beforeAll, describe, expect, it } from 'vitest';
import { checkMasksAgainstSchema, checkPolicyAgainstSchema, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import { defaultPolicyFixture, type DefaultPolicyFixture } from './defaultPolicyFixture.ts';

let policy: CompiledPolicy;
let index: PiiIndex;
let decideAt: DefaultPolicyFixture['decideAt'];
let effectOf: DefaultPolicyFixture['effectOf'];

beforeAll(() => {
  ({ policy, index, decideAt, effectOf } = defaultPolicyFixture());
});

/** The roles, categories and purposes of the design (DESIGN.md §2), which the shipped policy declares. */
const ROLES = ['SHOPPER', 'CLIENT', 'PARTNER', 'SUPPORT', 'OPERATIONS', 'FINANCE', 'SECURITY_ANALYST', 'RESEARCH', 'SERVICE_PROVIDER', 'LEGAL', 'AUDITOR'];
const CATEGORIES = ['IDENTIFIERS', 'PERSONAL_INFORMATION', 'PROTECTED_CLASSIFICATIONS', 'INTERNET_ACTIVITY', 'GEOLOCATION', 'SENSORY', 'PROFESSIONAL'];
const PURPOSES = [
  'OPPORTUNITY_MATCHING', 'SHOPPER_COMMUNICATION', 'CLIENT_REPORTING', 'VERIFICATION', 'RECORD_KEEPING', 'AUDITING', 'SECURITY', 'DEBUGGING',
  'TRANSIENT_USE', 'SERVICES', 'INTERNAL_RESEARCH', 'QUALITY_SAFETY', 'LEGAL_COMPLIANCE', 'MERGER_EVALUATION', 'PARTNER_REFERRAL',
];

describe('the default policy (schema/policy.json)', () => {
  it('loads, and covers every role with a description', () => {
    expect(policy.version).toBe('2026-11-01');
    expect([...policy.roles.keys()].sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(policy.roles.get(role)?.description?.length, role).toBeGreaterThan(40);
  });

  it('declares the categories and purposes of the design, each described, and the record scopes with the claims that name them', () => {
    expect([...policy.categories.keys()]).toEqual(CATEGORIES);
    expect([...policy.purposes.keys()]).toEqual(PURPOSES);
    for (const entry of [...policy.categories.values(), ...policy.purposes.values()]) expect(entry.description.length).toBeGreaterThan(20);
    expect(Object.fromEntries([...policy.scopes].map(([name, s]) => [name, s.claim ?? null]))).toEqual({ all: null, none: null, client: 'clientId', self: 'shopperId', partner: 'partnerId' });
  });

  it('is checked against the shipped invariants, beside it', () => {
    expect(policy.invariants.source).toMatch(/schema\/invariants\.json$/);
    expect(policy.invariants.list.map((i) => i.kind)).toEqual(['vocabulary', 'neverGrant', 'closedWorld', 'categoryCeiling', 'categoryOnly', 'scopes', 'scopes', 'scopes']);
  });

  it('has no field rule that misses its field in the composed supergraph', () => {
    expect(checkPolicyAgainstSchema(policy, index)).toEqual([]);
  });

  it('hashes no Boolean, enum or low-cardinality field, in any version', () => {
    expect(checkMasksAgainstSchema(policy, index)).toEqual([]);
  });

  it('declares the few-valued fields of the reference schema low-cardinality', () => {
    for (const c of ['Shopper.gender', 'Shopper.raceEthnicity', 'Shopper.maritalStatus', 'Shopper.veteranStatus', 'Shopper.disability', 'BankAccount.bankName']) {
      const [type, field] = c.split('.') as [string, string];
      expect(index.fieldAnnotation(type, field)?.lowCardinality, c).toBe(true);
    }
    // bankName keeps the rest of its type's @pii.
    expect(index.fieldAnnotation('BankAccount', 'bankName')).toMatchObject({ category: 'PERSONAL_INFORMATION', sensitive: true, purposes: index.typeAnnotation('BankAccount')?.purposes });
  });

  it('gives each role the record scope of the design', () => {
    expect(policy.scopeOf('SHOPPER')).toBe('self');
    expect(policy.scopeOf('CLIENT')).toBe('client');
    expect(policy.scopeOf('PARTNER')).toBe('partner');
    expect(policy.scopeOf('SUPPORT')).toBe('all');
    expect(policy.scopeOf('NOBODY')).toBe('none');
  });

  it('denies an unknown role and a caller without a purpose', () => {
    expect(decideAt('ADMIN', 'SERVICES', 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'UNKNOWN_ROLE' });
    expect(decideAt('SHOPPER', null, 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
    expect(decideAt('LEGAL', null, 'Shopper.ssn')).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
  });

  describe('for a partner ("friendly competitor")', () => {
    it('may state partner referral only', () => {
      expect(policy.purposesOf('PARTNER')).toEqual(['PARTNER_REFERRAL']);
      expect(decideAt('PARTNER', 'SERVICES', 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'PURPOSE_NOT_GRANTED' });
    });

    it("shares the shopper's name and street address", () => {
      for (const c of ['Shopper.name', 'Shopper.firstName', 'Shopper.lastName', 'Shopper.address', 'PostalAddress.street', 'PostalAddress.city', 'PostalAddress.postalCode']) {
        expect(effectOf('PARTNER', 'PARTNER_REFERRAL', c), c).toBe('allow');
      }
    });

    it('never sees the SSN, date of birth or anything else', () => {
      for (const c of ['Shopper.ssn', 'Shopper.dateOfBirth', 'Shopper.alias', 'Shopper.bankAccount', 'Shopper.homeLocation', 'Shopper.rating', 'Shopper.gender', 'Deliverable.recordings']) {
        expect(effectOf('PARTNER', 'PARTNER_REFERRAL', c), c).toBe('deny');
      }
    });

    it('sees email and phone only where the shopper consented', () => {
      const consented = { consents: { shareContactWithPartners: true } };
      const refused = { consents: { shareContactWithPartners: false } };
      for (const c of ['Shopper.email', 'Shopper.phone']) {
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c)).toMatchObject({ condition: { consent: 'shareContactWithPartners' } });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, refused)).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, {})).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, consented)).toMatchObject({ effect: 'allow' });
      }
    });
  });

  describe('for a client', () => {
    it("gets the shopper's name as initials", () => {
      for (const c of ['Shopper.name', 'Shopper.firstName', 'Shopper.lastName']) {
        expect(effectOf('CLIENT', 'CLIENT_REPORTING', c), c).toBe('mask:initials');
      }
    });

    it('gets deliverables in full: answers, receipts, recordings and check-in', () => {
      for (const c of ['Deliverable.answers', 'Deliverable.receipt', 'Deliverable.recordings', 'Deliverable.checkIn', 'Recording.url']) {
        expect(effectOf('CLIENT', 'CLIENT_REPORTING', c), c).toBe('allow');
        expect(effectOf('CLIENT', 'VERIFICATION', c), c).toBe('allow');
      }
    });

    it('gets no contact data, identifiers, financial data or protected classifications', () => {
      const withheld = ['Shopper.email', 'Shopper.phone', 'Shopper.address', 'PostalAddress.city', 'Shopper.ssn', 'Shopper.bankAccount', 'BankAccount.accountNumber', 'Shopper.gender', 'Shopper.dateOfBirth', 'Shopper.homeLocation', 'Shopper.education', 'Shopper.employment', 'Shopper.rating', 'Shopper.signatureRef', 'Shopper.webActivity'];
      for (const purpose of policy.purposesOf('CLIENT')) {
        for (const c of withheld) expect(effectOf('CLIENT', purpose, c), `${purpose} ${c}`).toBe('deny');
      }
    });

    it('sees its own contacts for client reporting only', () => {
      expect(effectOf('CLIENT', 'CLIENT_REPORTING', 'Client.contacts')).toBe('allow');
      expect(effectOf('CLIENT', 'VERIFICATION', 'Client.contacts')).toBe('deny');
    });
  });

  describe('for the shopper', () => {
    it('gives their own record in full', () => {
      const own = index.fields().filter((f) => /^(Shopper|PostalAddress|BankAccount|Deliverable|Recording)\./.test(f.coordinate));
      for (const { coordinate, annotation } of own) {
        if (annotation.purposes && !annotation.purposes.includes('RECORD_KEEPING')) continue;
        expect(effectOf('SHOPPER', 'RECORD_KEEPING', coordinate), coordinate).toBe('allow');
      }
      expect(effectOf('SHOPPER', 'SERVICES', 'Shopper.ssn')).toBe('allow');
    });

    it("does not see a client's contact people", () => {
      expect(effectOf('SHOPPER', 'SERVICES', 'Client.contacts')).toBe('deny');
    });
  });

  describe('for internal roles', () => {
    it('masks government ids to their last digits for support', () => {
      for (const c of ['Shopper.ssn', 'Shopper.driversLicense', 'Shopper.passportNumber', 'Shopper.taxId', 'BankAccount.accountNumber']) {
        expect(effectOf('SUPPORT', 'SERVICES', c), c).toBe('mask:partial');
      }
      expect(effectOf('SUPPORT', 'SHOPPER_COMMUNICATION', 'Shopper.email')).toBe('allow');
      expect(effectOf('SUPPORT', 'SERVICES', 'Shopper.gender')).toBe('deny');
    });

    it('generalises the date of birth and the address for operations', () => {
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.dateOfBirth')).toBe('mask:generalize');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'PostalAddress.street')).toBe('deny');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'PostalAddress.city')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.competitorAffiliations')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.homeLocation')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.ssn')).toBe('deny');
    });

    it('shows research only pseudonyms and generalisations', () => {
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.name')).toBe('mask:hash');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.homeLocation')).toBe('mask:generalize');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.raceEthnicity')).toBe('deny');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.webActivity')).toBe('deny');
    });

    it('hashes identities for security analysts and shows network activity', () => {
      expect(effectOf('SECURITY_ANALYST', 'SECURITY', 'Shopper.email')).toBe('mask:hash');
      expect(effectOf('SECURITY_ANALYST', 'SECURITY', 'Shopper.ipAddresses')).toBe('allow');
      expect(effectOf('SECURITY_ANALYST', 'DEBUGGING', 'Shopper.ssn')).toBe('deny');
    });

    it('gives auditors no label: the date of birth as its year, the other protected classifications and the bank name withheld', () => {
      expect(effectOf('AUDITOR', 'AUDITING', 'Shopper.dateOfBirth')).toBe('mask:generalize');
      for (const c of ['Shopper.gender', 'Shopper.raceEthnicity', 'Shopper.maritalStatus', 'Shopper.veteranStatus', 'Shopper.disability', 'BankAccount.bankName']) {
        expect(effectOf('AUDITOR', 'AUDITING', c), c).toBe('deny');
        expect(effectOf('AUDITOR', 'AUDITING', c, { policyVersion: '2024-01-01' }), c).toBe('deny');
      }
      expect(effectOf('AUDITOR', 'AUDITING', 'BankAccount.accountNumber')).toBe('mask:hash');
    });

    it('gives legal everything for legal compliance and a pseudonymised view for a merger', () => {
      expect(effectOf('LEGAL', 'LEGAL_COMPLIANCE', 'Shopper.raceEthnicity')).toBe('allow');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'Shopper.email')).toBe('mask:hash');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'PostalAddress.street')).toBe('mask:hash');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'Shopper.education')).toBe('deny');
    });
  });
});
