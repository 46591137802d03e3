import { describe, expect, it } from 'vitest';
import { MASK_STRATEGIES } from './types.ts';
import { parseDecisionString, policyDocumentSchema } from './policySchema.ts';

describe('parseDecisionString', () => {
  it('parses allow and deny', () => {
    expect(parseDecisionString('allow')).toEqual({ effect: 'allow' });
    expect(parseDecisionString('deny')).toEqual({ effect: 'deny' });
  });

  it('parses every mask strategy', () => {
    for (const strategy of MASK_STRATEGIES) {
      expect(parseDecisionString(`mask:${strategy}`)).toEqual({ effect: 'mask', strategy });
    }
  });

  it('rejects unknown strategies and spellings', () => {
    expect(parseDecisionString('mask:blur')).toBeUndefined();
    expect(parseDecisionString('mask:')).toBeUndefined();
    expect(parseDecisionString('Allow')).toBeUndefined();
    expect(parseDecisionString('')).toBeUndefined();
  });
});

describe('policyDocumentSchema', () => {
  it('accepts the format of the policy file', () => {
    const result = policyDocumentSchema.safeParse({
      version: '2026-11-01',
      categories: { SENSORY: { description: 'Recordings.' }, IDENTIFIERS: { description: 'Names.' }, GEOLOCATION: { description: 'Where.' } },
      purposes: { CLIENT_REPORTING: { description: 'Reports.' } },
      scopes: { client: { description: "a client's records", claim: 'clientId' } },
      roles: {
        CLIENT: {
          description: 'A client company.',
          scope: 'client',
          grants: [
            {
              purposes: ['CLIENT_REPORTING'],
              categories: { SENSORY: 'allow', IDENTIFIERS: 'deny' },
              sensitive: { GEOLOCATION: 'allow' },
              fields: {
                'Shopper.name': 'mask:initials',
                'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } },
              },
            },
          ],
        },
      },
    });
    expect(result.success).toBe(true);
  });

  it('rejects properties it does not know, so a typo cannot silently drop a rule', () => {
    const result = policyDocumentSchema.safeParse({
      version: '1',
      categories: {},
      purposes: {},
      roles: { CLIENT: { description: 'x', scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], categores: {} }] } },
    });
    expect(result.success).toBe(false);
  });
});
