import { describe, expect, it } from 'vitest';
import { checkGuardRailsAgainstSchema, loadPolicy, PII_DIRECTIVE_SDL, readPiiAnnotations } from './index.ts';
import type { LoadPolicyResult } from './loadPolicy.ts';
import { compiled } from './testing/policies.ts';

// Guard rails: what no edit of the policy file can grant. Each refusal names the entry at fault
// and quotes the sentence of the privacy policy it keeps.

function errorsOf(result: LoadPolicyResult): string[] {
  expect(result).toHaveProperty('errors');
  return 'errors' in result ? result.errors : [];
}

const grant = (role: string, scope: string, spec: Record<string, unknown>) => ({ version: 'v1', roles: { [role]: { scope, grants: [{ purposes: ['SERVICES'], ...spec }] } } });
const partner = (spec: Record<string, unknown>) => ({ version: 'v1', roles: { PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: ['PARTNER_REFERRAL'], ...spec }] } } });
const client = (spec: Record<string, unknown>) => ({ version: 'v1', roles: { CLIENT: { scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], ...spec }] } } });

const index = readPiiAnnotations(`${PII_DIRECTIVE_SDL}
  type Query { auditEvents: String @pii(category: IDENTIFIERS, purpose: [AUDITING]) }
  type Shopper {
    name: String @pii(category: IDENTIFIERS)
    ssn: String @pii(category: IDENTIFIERS, purpose: [SERVICES, LEGAL_COMPLIANCE], sensitive: true)
    bankAccount: String @pii(category: PERSONAL_INFORMATION, purpose: [SERVICES], sensitive: true)
    gender: String @pii(category: PROTECTED_CLASSIFICATIONS)
    ipAddresses: [String] @pii(category: INTERNET_ACTIVITY, purpose: [SECURITY, DEBUGGING])
    faceScan: String @pii(category: SENSORY, sensitive: true)
  }
  type Deliverable { receipt: String @pii(category: PERSONAL_INFORMATION) answers: String @pii(category: PROFESSIONAL) }
  type Client { contacts: [String] @pii(category: IDENTIFIERS) }
`);

describe('guard rails', () => {
  describe('a partner ("friendly competitor")', () => {
    it('may have name, street address, and email and phone where the shopper consented', () => {
      const result = loadPolicy(
        partner({
          categories: { IDENTIFIERS: 'deny' },
          fields: {
            'Shopper.name': 'allow',
            'Shopper.address': 'allow',
            'PostalAddress.street': 'allow',
            'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } },
            'Shopper.phone': { decision: 'mask:partial', when: { consent: 'shareContactWithPartners' } },
            'Shopper.ssn': 'deny',
          },
        }),
      );
      expect(result).not.toHaveProperty('errors');
    });

    it('is refused any other field, naming the entry and quoting the privacy policy', () => {
      const [error, ...more] = errorsOf(loadPolicy(partner({ fields: { 'Shopper.ssn': 'mask:hash' } })));
      expect(more).toEqual([]);
      expect(error).toMatch(/^roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.ssn"\]: refused by a guard rail: "mask:hash" would give a PARTNER Shopper\.ssn\. /);
      expect(error).toContain('share the name and street address of a prospective IMS');
    });

    it('is refused, once the schema is known, a personal field of any other type', () => {
      const policy = compiled(partner({ fields: { 'Shopper.name': 'allow', 'Client.contacts': 'allow', 'Query.shoppers': 'allow' } }));
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([
        expect.stringMatching(/^roles\.PARTNER\.grants\[0\]\.fields\["Client\.contacts"\]: refused by a guard rail: "allow" would give a PARTNER Client\.contacts \(IDENTIFIERS\)/),
      ]);
    });

    it('is refused email or phone without the consent condition, or under another consent', () => {
      const errors = errorsOf(
        loadPolicy(partner({ fields: { 'Shopper.email': 'allow', 'Shopper.phone': { decision: 'allow', when: { consent: 'marketingEmails' } } } })),
      );
      expect(errors).toEqual([
        expect.stringMatching(/^roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.email"\]: .*Shopper\.email needs the condition \{ "when": \{ "consent": "shareContactWithPartners" \} \}/),
        expect.stringMatching(/^roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.phone"\]: .*needs the condition/),
      ]);
    });

    it('is refused every category, plain or sensitive: a closed-world role is granted field by field', () => {
      const errors = errorsOf(loadPolicy(partner({ categories: { IDENTIFIERS: 'mask:initials', SENSORY: 'deny' }, sensitive: { GEOLOCATION: 'mask:generalize' } })));
      expect(errors.map((e) => e.split(':')[0])).toEqual(['roles.PARTNER.grants[0].categories', 'roles.PARTNER.grants[0].sensitive']);
      expect(errors[0]).toContain('closed-world');
    });

    it('must be closed-world', () => {
      const errors = errorsOf(loadPolicy({ version: 'v1', roles: { PARTNER: { scope: 'partner', grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Shopper.name': 'allow' } }] } } }));
      expect(errors).toEqual([expect.stringMatching(/^roles\.PARTNER\.closedWorld: refused by a guard rail: a PARTNER must be closed-world/)]);
    });

    it('may not reach more than shoppers', () => {
      const errors = errorsOf(loadPolicy({ version: 'v1', roles: { PARTNER: { scope: 'all', closedWorld: true, grants: [] } } }));
      expect(errors).toEqual([expect.stringMatching(/^roles\.PARTNER\.scope: refused by a guard rail: a PARTNER may not have scope "all"/)]);
    });
  });

  describe('a client', () => {
    it('is refused identifiers, financial and other personal information, and protected classifications by category', () => {
      const errors = errorsOf(
        loadPolicy(client({ categories: { IDENTIFIERS: 'mask:hash', PERSONAL_INFORMATION: 'allow', SENSORY: 'allow' }, sensitive: { PROTECTED_CLASSIFICATIONS: 'mask:generalize', GEOLOCATION: 'allow' } })),
      );
      expect(errors.map((e) => e.split(':')[0])).toEqual([
        'roles.CLIENT.grants[0].categories.IDENTIFIERS',
        'roles.CLIENT.grants[0].categories.PERSONAL_INFORMATION',
        'roles.CLIENT.grants[0].sensitive.PROTECTED_CLASSIFICATIONS',
      ]);
      expect(errors[0]).toContain('A CLIENT may receive no identifiers of shoppers');
    });

    it("gets a shopper's name as initials at most", () => {
      expect(loadPolicy(client({ fields: { 'Shopper.name': 'mask:initials', 'Shopper.firstName': 'deny' } }))).not.toHaveProperty('errors');
      const errors = errorsOf(loadPolicy(client({ fields: { 'Shopper.name': 'allow', 'Shopper.lastName': 'mask:hash' } })));
      expect(errors).toEqual([
        expect.stringMatching(/^roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.name"\]: refused by a guard rail: a CLIENT gets Shopper\.name as initials at most \("mask:initials"\), not "allow"/),
        expect.stringMatching(/^roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.lastName"\]: /),
      ]);
    });

    it('is refused, once the schema is known, a field rule on a withheld category, but keeps the receipt and its own contacts', () => {
      const policy = compiled(
        client({ fields: { 'Shopper.ssn': 'mask:partial', 'Shopper.gender': 'allow', 'Shopper.bankAccount': 'mask:redact', 'Deliverable.receipt': 'allow', 'Client.contacts': 'allow', 'Deliverable.answers': 'allow' } }),
      );
      const errors = checkGuardRailsAgainstSchema(policy, index);
      expect(errors.map((e) => e.split(': ')[0])).toEqual(['roles.CLIENT.grants[0].fields["Shopper.ssn"]', 'roles.CLIENT.grants[0].fields["Shopper.gender"]']);
      expect(errors[1]).toContain('Shopper.gender is PROTECTED_CLASSIFICATIONS, and this rule would give it to role CLIENT');
    });

    it('may not reach records beyond its own opportunities', () => {
      expect(errorsOf(loadPolicy({ version: 'v1', roles: { CLIENT: { scope: 'all', grants: [] } } }))).toEqual([expect.stringContaining('a CLIENT may not have scope "all"')]);
    });
  });

  describe('a shopper', () => {
    it('reaches only their own record', () => {
      expect(errorsOf(loadPolicy({ version: 'v1', roles: { SHOPPER: { scope: 'client', grants: [] } } }))).toEqual([expect.stringContaining('roles.SHOPPER.scope')]);
    });
  });

  describe('individual web visits (traffic data only in aggregate)', () => {
    it('go to SECURITY_ANALYST stating SECURITY only', () => {
      const ok = { version: 'v1', roles: { SECURITY_ANALYST: { scope: 'all', grants: [{ purposes: ['SECURITY'], categories: { INTERNET_ACTIVITY: 'allow' } }] } } };
      expect(loadPolicy(ok)).not.toHaveProperty('errors');
      const both = { version: 'v1', roles: { SECURITY_ANALYST: { scope: 'all', grants: [{ purposes: ['SECURITY', 'DEBUGGING'], categories: { INTERNET_ACTIVITY: 'allow' } }] } } };
      expect(errorsOf(loadPolicy(both))).toEqual([
        expect.stringMatching(/^roles\.SECURITY_ANALYST\.grants\[0\]\.categories\.INTERNET_ACTIVITY: .*for SECURITY, DEBUGGING.*"We only use such Traffic Data in aggregate\."/),
      ]);
    });

    it('are refused to everybody else, the shopper and auditors included, hashed or not', () => {
      const errors = errorsOf(loadPolicy(grant('SHOPPER', 'self', { categories: { INTERNET_ACTIVITY: 'allow' } })));
      expect(errors).toEqual([expect.stringContaining('roles.SHOPPER.grants[0].categories.INTERNET_ACTIVITY')]);
      const auditor = { version: 'v1', roles: { AUDITOR: { scope: 'all', grants: [{ purposes: ['AUDITING'], sensitive: { INTERNET_ACTIVITY: 'mask:hash' } }] } } };
      expect(errorsOf(loadPolicy(auditor))).toEqual([expect.stringContaining('roles.AUDITOR.grants[0].sensitive.INTERNET_ACTIVITY')]);
    });

    it('are refused through a field rule once the schema is known', () => {
      const policy = compiled({ version: 'v1', roles: { LEGAL: { scope: 'all', grants: [{ purposes: ['LEGAL_COMPLIANCE'], fields: { 'Shopper.ipAddresses': 'allow' } }] } } });
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^roles\.LEGAL\.grants\[0\]\.fields\["Shopper\.ipAddresses"\]: .*INTERNET_ACTIVITY/)]);
    });
  });

  describe('a sensitive field', () => {
    it('may be shown only where it lists its purposes', () => {
      const policy = compiled({ version: 'v1', roles: { OPERATIONS: { scope: 'all', grants: [{ purposes: ['QUALITY_SAFETY'], sensitive: { SENSORY: 'mask:hash', IDENTIFIERS: 'allow' } }] } } });
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([
        expect.stringMatching(
          /^roles\.OPERATIONS\.grants\[0\]\.sensitive\.SENSORY: refused by a guard rail: Shopper\.faceScan is sensitive but its @pii lists no purposes, so OPERATIONS stating QUALITY_SAFETY would get it \(mask\)/,
        ),
      ]);
    });

    it('passes when every sensitive field the policy shows lists its purposes', () => {
      const policy = compiled({ version: 'v1', roles: { LEGAL: { scope: 'all', grants: [{ purposes: ['LEGAL_COMPLIANCE'], sensitive: { IDENTIFIERS: 'allow' } }] } } });
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([]);
    });
  });

  describe('purposes (nothing is ever sold)', () => {
    it.each(['SALE', 'MARKETING_SALE', 'DATA_SELLING', 'RESALE'])('refuses %s, saying why', (purpose) => {
      const [error] = errorsOf(loadPolicy({ version: 'v1', roles: { PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: [purpose] }] } } }));
      expect(error).toBe(
        `roles.PARTNER.grants[0].purposes[0]: purpose "${purpose}" is refused: the privacy policy says "We do not sell your personal information.", so no policy may grant a purpose that sells or trades it`,
      );
    });

    it('refuses a purpose the privacy policy does not name, listing those it does', () => {
      const [error] = errorsOf(loadPolicy(grant('SUPPORT', 'all', { purposes: ['PROFILING'] })));
      expect(error).toMatch(/^roles\.SUPPORT\.grants\[0\]\.purposes\[0\]: unknown purpose "PROFILING": a policy may grant only the business purposes the privacy policy names \(.*PARTNER_REFERRAL\)/);
    });
  });

  describe('in earlier versions', () => {
    it('holds there too, naming the version', () => {
      const document = { version: 'v2', roles: {}, previousVersions: { v1: { roles: { PARTNER: { scope: 'partner', closedWorld: true, grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Shopper.dateOfBirth': 'allow' } }] } } } } };
      expect(errorsOf(loadPolicy(document))).toEqual([expect.stringMatching(/^previousVersions\.v1\.roles\.PARTNER\.grants\[0\]\.fields\["Shopper\.dateOfBirth"\]: refused by a guard rail/)]);
      const dated = { ...document, previousVersions: { '2024-01-01': document.previousVersions.v1 } };
      expect(errorsOf(loadPolicy(dated))[0]).toMatch(/^previousVersions\["2024-01-01"\]\.roles\.PARTNER/);
    });

    it('is checked against the schema in every version', () => {
      const policy = compiled({ version: 'v2', roles: {}, previousVersions: { v1: { roles: { CLIENT: { scope: 'client', grants: [{ purposes: ['CLIENT_REPORTING'], fields: { 'Shopper.ssn': 'allow' } }] } } } } });
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^previousVersions\.v1\.roles\.CLIENT\.grants\[0\]\.fields\["Shopper\.ssn"\]: /)]);
    });
  });
});
