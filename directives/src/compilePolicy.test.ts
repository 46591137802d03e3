import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compilePolicy.ts';
import { policyDocumentSchema } from './policySchema.ts';
import { samplePolicy } from './testing/policies.ts';

describe('compilePolicy', () => {
  it('maps every purpose of a role to its grant', () => {
    const role = samplePolicy().roles.get('CLIENT');
    expect(role?.grantFor.get('CLIENT_REPORTING')).toBe(role?.grants[0]);
    expect(role?.grantFor.get('VERIFICATION')).toBe(role?.grants[0]);
    expect(role?.grantFor.get('QUALITY_SAFETY')).toBe(role?.grants[1]);
    expect(role?.grantFor.get('AUDITING')).toBeUndefined();
  });

  it('prepares a decision for every category, denying the ones the grant does not name', () => {
    const grant = samplePolicy().roles.get('CLIENT')!.grants[0];
    expect(grant.categories.get('SENSORY')).toMatchObject({ effect: 'allow', reason: 'CATEGORY_RULE' });
    expect(grant.categories.get('INTERNET_ACTIVITY')).toEqual({
      effect: 'deny',
      reason: 'CATEGORY_NOT_GRANTED',
      rule: 'roles.CLIENT.grants[0].categories.INTERNET_ACTIVITY',
    });
    expect(grant.sensitive.get('IDENTIFIERS')).toMatchObject({ effect: 'deny', reason: 'SENSITIVE_NOT_GRANTED' });
  });

  it('prepares all three outcomes of a conditional field rule', () => {
    const rule = samplePolicy().roles.get('PARTNER')!.grants[0].fields.get('Shopper.email')!;
    expect(rule.decision.condition).toEqual({ consent: 'shareContactWithPartners' });
    expect(rule.consentGiven).toMatchObject({ effect: 'allow', reason: 'CONSENT_GIVEN' });
    expect(rule.consentRequired).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
  });

  it('freezes the decisions it prepares', () => {
    const grant = samplePolicy().roles.get('CLIENT')!.grants[0];
    expect(Object.isFrozen(grant.categories.get('SENSORY'))).toBe(true);
    expect(Object.isFrozen(grant.fields.get('Shopper.name')!.decision)).toBe(true);
  });

  it('compiles a document validated by the schema', () => {
    const document = policyDocumentSchema.parse({ version: 'v', categories: {}, purposes: {}, scopes: { self: { description: 'own', claim: 'personId' } }, roles: { SHOPPER: { description: 'x', scope: 'self', grants: [] } } });
    const policy = compilePolicy(document);
    expect(policy.scopeOf('SHOPPER')).toBe('self');
    expect(policy.purposesOf('SHOPPER')).toEqual([]);
  });
});
