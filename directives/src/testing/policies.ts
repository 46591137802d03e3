import { loadPolicy, piiDirectiveSdl, type CompiledPolicy } from '../index.ts';
import type { LoadPolicyOptions } from '../loadPolicy.ts';

const described = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, { description: `test ${name.toLowerCase()}` }]));

/** Test support: the vocabulary this package's test policies and schemas use (the reference deployment's names). */
export const TEST_VOCABULARY = {
  categories: described(['IDENTIFIERS', 'PERSONAL_INFORMATION', 'PROTECTED_CLASSIFICATIONS', 'INTERNET_ACTIVITY', 'GEOLOCATION', 'SENSORY', 'PROFESSIONAL']),
  purposes: described([
    'OPPORTUNITY_MATCHING', 'SHOPPER_COMMUNICATION', 'CLIENT_REPORTING', 'VERIFICATION', 'RECORD_KEEPING', 'AUDITING', 'SECURITY', 'DEBUGGING',
    'TRANSIENT_USE', 'SERVICES', 'INTERNAL_RESEARCH', 'QUALITY_SAFETY', 'LEGAL_COMPLIANCE', 'MERGER_EVALUATION', 'PARTNER_REFERRAL',
  ]),
  scopes: {
    client: { description: "a client's records", claim: 'clientId' },
    self: { description: "the caller's own record", claim: 'shopperId' },
    partner: { description: 'shoppers, for referral', claim: 'partnerId' },
  },
};

/** Test support: the `@pii` SDL of {@link TEST_VOCABULARY}. */
export const TEST_PII_SDL = piiDirectiveSdl({ categories: Object.keys(TEST_VOCABULARY.categories), purposes: Object.keys(TEST_VOCABULARY.purposes) });

/**
 * Test support: a policy document with what a test leaves out filled in — the vocabulary
 * ({@link TEST_VOCABULARY}, where the document declares none) and a description for every role
 * of the current version that has none.
 */
export function testPolicyDocument(document: Record<string, unknown>): Record<string, unknown> {
  const roles = Object.fromEntries(
    Object.entries((document.roles ?? {}) as Record<string, Record<string, unknown>>).map(([name, role]) => [name, { description: `test role ${name}`, ...role }]),
  );
  return { ...TEST_VOCABULARY, ...document, roles };
}

/** Test support: loads a policy document (completed by {@link testPolicyDocument}), failing loudly when it is invalid. */
export function compiled(document: Record<string, unknown>, options?: LoadPolicyOptions): CompiledPolicy {
  const result = loadPolicy(testPolicyDocument(document), options);
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
