import { loadPolicy, type CompiledPolicy } from '../index.ts';

/** Test support: loads a policy document, failing loudly when it is invalid. */
export function compiled(document: unknown): CompiledPolicy {
  const result = loadPolicy(document);
  if ('errors' in result) throw new Error(`invalid test policy:\n${result.errors.join('\n')}`);
  return result.policy;
}

/** Test support: a small policy exercising every kind of rule. */
export const samplePolicy = () =>
  compiled({
    version: 'test-1',
    roles: {
      CLIENT: {
        scope: 'client',
        grants: [
          {
            purposes: ['CLIENT_REPORTING', 'VERIFICATION'],
            categories: { SENSORY: 'allow', PROFESSIONAL: 'mask:generalize', IDENTIFIERS: 'deny' },
            sensitive: { GEOLOCATION: 'allow' },
            fields: { 'Shopper.name': 'mask:initials', 'Shopper.ssn': 'mask:partial' },
          },
          { purposes: ['QUALITY_SAFETY'], categories: { SENSORY: 'allow' } },
        ],
      },
      PARTNER: {
        scope: 'partner',
        closedWorld: true,
        grants: [
          {
            purposes: ['PARTNER_REFERRAL'],
            fields: {
              'Shopper.name': 'allow',
              'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } },
              'Shopper.phone': { decision: 'mask:partial', when: { consent: 'shareContactWithPartners' } },
            },
          },
        ],
      },
    },
  });
