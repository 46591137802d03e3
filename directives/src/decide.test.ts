import { describe, expect, it } from 'vitest';
import { decide, type PiiAnnotation } from './index.ts';
import type { DecideInput } from './decide.ts';
import { samplePolicy } from './testing/policies.ts';

const policy = samplePolicy();
const identifiers: PiiAnnotation = { category: 'IDENTIFIERS', sensitive: false };
const sensory: PiiAnnotation = { category: 'SENSORY', sensitive: false };
const geoSensitive: PiiAnnotation = { category: 'GEOLOCATION', sensitive: true };
const sensorySensitive: PiiAnnotation = { category: 'SENSORY', sensitive: true };

const client = (over: Partial<DecideInput> = {}): DecideInput => ({
  role: 'CLIENT',
  purpose: 'CLIENT_REPORTING',
  annotation: sensory,
  coordinate: 'Recording.url',
  ...over,
});

describe('decide', () => {
  describe('deny by default', () => {
    it('denies a role the policy does not know', () => {
      expect(decide(policy, client({ role: 'ADMIN' }))).toMatchObject({ effect: 'deny', reason: 'UNKNOWN_ROLE' });
    });

    it('denies a known role that the policy does not list', () => {
      expect(decide(policy, client({ role: 'FINANCE' }))).toMatchObject({ effect: 'deny', reason: 'UNKNOWN_ROLE' });
    });

    it('denies when no purpose is stated', () => {
      expect(decide(policy, client({ purpose: null }))).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
      expect(decide(policy, client({ purpose: undefined }))).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
    });

    it('denies a purpose that is not one of the policy purposes', () => {
      expect(decide(policy, client({ purpose: 'MARKETING' }))).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
      expect(decide(policy, client({ purpose: 'toString' }))).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
    });

    it('denies a purpose the role is not granted', () => {
      expect(decide(policy, client({ purpose: 'AUDITING' }))).toMatchObject({
        effect: 'deny',
        reason: 'PURPOSE_NOT_GRANTED',
        rule: 'roles.CLIENT.grants[].purposes',
      });
    });

    it("denies a purpose that is not among the field's purposes, before any field rule", () => {
      const annotation: PiiAnnotation = { ...identifiers, purposes: ['SERVICES'] };
      expect(decide(policy, client({ annotation, coordinate: 'Shopper.name' }))).toMatchObject({
        effect: 'deny',
        reason: 'PURPOSE_LIMITATION',
      });
    });

    it('denies a category the grant does not name, naming the missing entry', () => {
      const annotation: PiiAnnotation = { category: 'INTERNET_ACTIVITY', sensitive: false };
      expect(decide(policy, client({ annotation, coordinate: 'Shopper.ipAddresses' }))).toEqual({
        effect: 'deny',
        reason: 'CATEGORY_NOT_GRANTED',
        rule: 'roles.CLIENT.grants[0].categories.INTERNET_ACTIVITY',
      });
    });

    it('denies a sensitive field whose category is allowed but not as sensitive', () => {
      expect(decide(policy, client({ annotation: sensorySensitive }))).toMatchObject({
        effect: 'deny',
        reason: 'SENSITIVE_NOT_GRANTED',
        rule: 'roles.CLIENT.grants[0].sensitive.SENSORY',
      });
    });

    it('treats an annotation without an explicit sensitive: false as sensitive', () => {
      const annotation = { category: 'SENSORY' } as PiiAnnotation;
      expect(decide(policy, client({ annotation }))).toMatchObject({ effect: 'deny', reason: 'SENSITIVE_NOT_GRANTED' });
    });

    it('denies an annotation with a category it does not know', () => {
      const annotation = { category: 'BIOMETRIC', sensitive: false } as unknown as PiiAnnotation;
      expect(decide(policy, client({ annotation }))).toMatchObject({ effect: 'deny' });
    });
  });

  describe('when the role is granted the purpose', () => {
    it('applies the category rule', () => {
      expect(decide(policy, client())).toEqual({
        effect: 'allow',
        reason: 'CATEGORY_RULE',
        rule: 'roles.CLIENT.grants[0].categories.SENSORY',
      });
    });

    it('applies a mask from the category rule', () => {
      const annotation: PiiAnnotation = { category: 'PROFESSIONAL', sensitive: false };
      expect(decide(policy, client({ annotation, coordinate: 'Shopper.rating' }))).toMatchObject({
        effect: 'mask',
        strategy: 'generalize',
      });
    });

    it('applies the sensitive rule to a sensitive field', () => {
      expect(decide(policy, client({ annotation: geoSensitive, coordinate: 'Deliverable.checkIn' }))).toMatchObject({
        effect: 'allow',
        reason: 'SENSITIVE_RULE',
        rule: 'roles.CLIENT.grants[0].sensitive.GEOLOCATION',
      });
    });

    it('lets a field rule win over the category rule', () => {
      expect(decide(policy, client({ annotation: identifiers, coordinate: 'Shopper.name' }))).toEqual({
        effect: 'mask',
        strategy: 'initials',
        reason: 'FIELD_RULE',
        rule: 'roles.CLIENT.grants[0].fields["Shopper.name"]',
      });
    });

    it('lets a field rule win over the sensitive rule', () => {
      const annotation: PiiAnnotation = { category: 'IDENTIFIERS', sensitive: true };
      expect(decide(policy, client({ annotation, coordinate: 'Shopper.ssn' }))).toMatchObject({
        effect: 'mask',
        strategy: 'partial',
        reason: 'FIELD_RULE',
      });
    });

    it('uses the grant of the stated purpose', () => {
      const annotation: PiiAnnotation = { category: 'PROFESSIONAL', sensitive: false };
      expect(decide(policy, client({ purpose: 'QUALITY_SAFETY', annotation }))).toMatchObject({
        effect: 'deny',
        rule: 'roles.CLIENT.grants[1].categories.PROFESSIONAL',
      });
    });
  });

  describe('when a field rule is conditional on consent', () => {
    const partner = (record?: unknown): DecideInput => ({
      role: 'PARTNER',
      purpose: 'PARTNER_REFERRAL',
      annotation: identifiers,
      coordinate: 'Shopper.email',
      ...(record === undefined ? {} : { record }),
    });

    it('carries the condition when there is no record', () => {
      expect(decide(policy, partner())).toMatchObject({
        effect: 'allow',
        reason: 'FIELD_RULE',
        condition: { consent: 'shareContactWithPartners' },
      });
    });

    it('allows when the record consented', () => {
      const decision = decide(policy, partner({ consents: { shareContactWithPartners: true } }));
      expect(decision).toMatchObject({ effect: 'allow', reason: 'CONSENT_GIVEN' });
      expect(decision.condition).toBeUndefined();
    });

    it('keeps the mask of a conditional mask rule when the record consented', () => {
      const input = { ...partner({ consents: { shareContactWithPartners: true } }), coordinate: 'Shopper.phone' };
      expect(decide(policy, input)).toMatchObject({ effect: 'mask', strategy: 'partial', reason: 'CONSENT_GIVEN' });
    });

    it.each([
      ['consent refused', { consents: { shareContactWithPartners: false } }],
      ['no consents on the record', {}],
      ['a truthy value that is not true', { consents: { shareContactWithPartners: 'yes' } }],
      ['consent only on the prototype', { consents: Object.create({ shareContactWithPartners: true }) }],
      ['a null record', null],
    ])('denies with CONSENT_REQUIRED for %s', (_, record) => {
      expect(decide(policy, partner(record))).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
    });
  });

  it('returns the same prepared decision object on every call', () => {
    const input = client({ annotation: identifiers, coordinate: 'Shopper.name' });
    expect(decide(policy, input)).toBe(decide(policy, input));
    expect(Object.isFrozen(decide(policy, input))).toBe(true);
  });

  it('decides a million fields in well under a second', () => {
    const input = client({ annotation: { ...identifiers, purposes: ['CLIENT_REPORTING', 'VERIFICATION'] }, coordinate: 'Shopper.name' });
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i++) decide(policy, input);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
