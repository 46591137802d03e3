import { describe, expect, it } from 'vitest';
import { checkGuardRailsAgainstSchema, loadPolicy, piiDirectiveSdl, readPiiAnnotations, type CompiledPolicy } from '../index.ts';
import type { LoadPolicyResult } from '../loadPolicy.ts';

// The invariant kinds, each on a small made-up deployment (a clinic): what no edit of its policy
// can grant. Each refusal names the entry at fault and quotes the invariant's promise and the
// sentence of the privacy policy it keeps. The reference deployment's own invariants are checked
// with its schema in test/promisesGuardRails.test.ts.

const say = (promise: string) => ({ promise, quote: `the clinic's privacy notice: ${promise}` });

const CATEGORIES = ['CONTACT', 'HEALTH', 'GENETICS', 'BILLING', 'WEB_VISITS'];
const PURPOSES = ['TREATMENT', 'INVOICING', 'STUDY', 'SECURITY', 'REFERRAL'];
const vocabulary = {
  categories: Object.fromEntries(CATEGORIES.map((c) => [c, { description: c }])),
  purposes: Object.fromEntries(PURPOSES.map((p) => [p, { description: p }])),
  scopes: { own: { description: 'own record', claim: 'patientId' }, ward: { description: 'a ward', claim: 'wardId' }, referred: { description: 'referred patients', claim: 'insurerId' } },
};

type Roles = Record<string, Record<string, unknown>>;
const policy = (roles: Roles, extra: Record<string, unknown> = {}) => ({
  version: 'v2',
  ...vocabulary,
  roles: Object.fromEntries(Object.entries(roles).map(([name, role]) => [name, { description: name, scope: 'all', ...role }])),
  ...extra,
});
const load = (roles: Roles, invariants: object[], extra?: Record<string, unknown>): LoadPolicyResult => loadPolicy(policy(roles, extra), { invariants: { invariants } });
const compiledWith = (roles: Roles, invariants: object[], extra?: Record<string, unknown>): CompiledPolicy => {
  const result = load(roles, invariants, extra);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.policy;
};
function errorsOf(result: LoadPolicyResult): string[] {
  expect(result).toHaveProperty('errors');
  return 'errors' in result ? result.errors : [];
}

const index = readPiiAnnotations(`${piiDirectiveSdl({ categories: CATEGORIES, purposes: PURPOSES })}
  type Query { patients: [Patient] wards: [String] @pii(category: CONTACT, purpose: [TREATMENT]) }
  type Patient {
    name: String @pii(category: CONTACT)
    phone: String @pii(category: CONTACT)
    diagnosis: String @pii(category: HEALTH, purpose: [TREATMENT, STUDY], sensitive: true)
    genome: String @pii(category: GENETICS, sensitive: true)
    invoice: String @pii(category: BILLING)
    visits: [String] @pii(category: WEB_VISITS, purpose: [SECURITY, TREATMENT])
    ward: String
  }
  type Ward { name: String beds: Int @pii(category: CONTACT) }
`);

describe('invariants', () => {
  describe('closedWorld', () => {
    const insurerOnly = { kind: 'closedWorld', role: 'INSURER', allow: ['Patient.name'], consent: { 'Patient.phone': 'shareWithInsurer' }, ...say('an insurer gets a patient’s name, and the phone where the patient agreed') };
    const insurer = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ INSURER: { scope: 'referred', closedWorld: true, grants: [{ purposes: ['REFERRAL'], fields }], ...extra } });

    it('lets the role have the listed coordinates, the consented ones under their condition, and the lists it reaches them through', () => {
      const result = load(insurer({ 'Query.patients': 'allow', 'Patient.name': 'allow', 'Patient.phone': { decision: 'mask:partial', when: { consent: 'shareWithInsurer' } }, 'Patient.diagnosis': 'deny' }), [insurerOnly]);
      expect(result).not.toHaveProperty('errors');
      expect(checkGuardRailsAgainstSchema((result as { policy: CompiledPolicy }).policy, index)).toEqual([]);
    });

    it('refuses any other field of the types it lists, naming the entry and quoting the promise', () => {
      expect(errorsOf(load(insurer({ 'Patient.diagnosis': 'mask:hash' }), [insurerOnly]))).toEqual([
        'roles.INSURER.grants[0].fields["Patient.diagnosis"]: refused by a guard rail: "mask:hash" would give a INSURER Patient.diagnosis. ' +
          'An insurer gets a patient’s name, and the phone where the patient agreed — the privacy policy: "the clinic\'s privacy notice: an insurer gets a patient’s name, and the phone where the patient agreed"',
      ]);
    });

    it('refuses a consented coordinate without its condition, or under another consent', () => {
      const errors = errorsOf(load(insurer({ 'Patient.phone': { decision: 'allow', when: { consent: 'newsletter' } } }), [insurerOnly]));
      expect(errors).toEqual([expect.stringMatching(/^roles\.INSURER\.grants\[0\]\.fields\["Patient\.phone"\]: refused by a guard rail: Patient\.phone needs the condition \{ "when": \{ "consent": "shareWithInsurer" \} \}/)]);
      expect(errorsOf(load(insurer({ 'Patient.phone': 'allow' }), [insurerOnly]))).toHaveLength(1);
    });

    it('refuses, once the schema is known, a personal field of any other type, and lets untagged ones be', () => {
      const policy = compiledWith(insurer({ 'Patient.name': 'allow', 'Query.wards': 'allow', 'Ward.name': 'allow' }), [insurerOnly]);
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^roles\.INSURER\.grants\[0\]\.fields\["Query\.wards"\]: refused by a guard rail: "allow" would give a INSURER Query\.wards \(CONTACT\)/)]);
    });

    it('requires the role to be closed-world, and refuses category entries that would give it anything', () => {
      const open = { INSURER: { scope: 'referred', grants: [{ purposes: ['REFERRAL'], categories: { CONTACT: 'mask:initials', HEALTH: 'deny' } }] } };
      expect(errorsOf(load(open, [insurerOnly])).map((e) => e.split(': refused')[0])).toEqual(['roles.INSURER.closedWorld', 'roles.INSURER.grants[0].categories.CONTACT']);
      expect(errorsOf(load(open, [insurerOnly]))[0]).toContain('a INSURER must be closed-world ("closedWorld": true)');
    });
  });

  describe('categoryCeiling', () => {
    const nurseCeiling = {
      kind: 'categoryCeiling',
      role: 'NURSE',
      categories: ['CONTACT', 'BILLING'],
      atMost: 'deny',
      except: { 'Patient.name': 'mask:initials', 'Patient.invoice': 'allow' },
      ...say('a nurse gets no contact or billing data, a name only as initials'),
    };
    const nurse = (grant: Record<string, unknown>) => ({ NURSE: { scope: 'ward', grants: [{ purposes: ['TREATMENT'], ...grant }] } });

    it('refuses category and sensitive entries above the ceiling, and lets others be', () => {
      const errors = errorsOf(load(nurse({ categories: { CONTACT: 'mask:hash', BILLING: 'mask:redact', HEALTH: 'allow' }, sensitive: { BILLING: 'mask:partial' } }), [nurseCeiling]));
      expect(errors.map((e) => e.split(': ')[0])).toEqual(['roles.NURSE.grants[0].categories.CONTACT', 'roles.NURSE.grants[0].sensitive.BILLING']);
      expect(errors[0]).toContain('"mask:hash" would give role NURSE CONTACT. A nurse gets no contact or billing data');
      expect(errors[1]).toContain('"mask:partial" would give role NURSE sensitive BILLING.');
    });

    it('holds an excepted coordinate to its own ceiling: that decision, or nothing', () => {
      expect(load(nurse({ fields: { 'Patient.name': 'mask:initials', 'Patient.invoice': 'allow' } }), [nurseCeiling])).not.toHaveProperty('errors');
      expect(load(nurse({ fields: { 'Patient.name': 'deny' } }), [nurseCeiling])).not.toHaveProperty('errors');
      const errors = errorsOf(load(nurse({ fields: { 'Patient.name': 'mask:hash' } }), [nurseCeiling]));
      expect(errors).toEqual([expect.stringMatching(/^roles\.NURSE\.grants\[0\]\.fields\["Patient\.name"\]: refused by a guard rail: a NURSE gets Patient\.name at most as "mask:initials" \(or nothing\), not "mask:hash"/)]);
    });

    it('refuses, once the schema is known, a field rule on a field of a listed category, but keeps the exceptions', () => {
      const policy = compiledWith(nurse({ fields: { 'Patient.phone': 'mask:partial', 'Patient.invoice': 'allow', 'Patient.diagnosis': 'allow', 'Patient.name': 'mask:initials' } }), [nurseCeiling]);
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^roles\.NURSE\.grants\[0\]\.fields\["Patient\.phone"\]: refused by a guard rail: Patient\.phone is CONTACT, and this rule would give it to role NURSE\. /)]);
    });

    it('with a ceiling other than deny, lets that decision through and refuses any other that gives something', () => {
      const partial = { ...nurseCeiling, atMost: 'mask:partial', except: {} };
      expect(load(nurse({ categories: { CONTACT: 'mask:partial' } }), [partial])).not.toHaveProperty('errors');
      expect(errorsOf(load(nurse({ categories: { CONTACT: 'allow' } }), [partial]))).toEqual([expect.stringContaining('"allow" would give role NURSE CONTACT (at most "mask:partial")')]);
    });
  });

  describe('categoryOnly', () => {
    const visitsOnly = { kind: 'categoryOnly', category: 'WEB_VISITS', grantedTo: { SECURITY_OFFICER: ['SECURITY'] }, ...say('web visits go to security only') };

    it('lets the listed role have the category in a grant for the listed purposes only', () => {
      const roles = { SECURITY_OFFICER: { grants: [{ purposes: ['SECURITY'], categories: { WEB_VISITS: 'allow' } }] } };
      expect(load(roles, [visitsOnly])).not.toHaveProperty('errors');
      const both = { SECURITY_OFFICER: { grants: [{ purposes: ['SECURITY', 'STUDY'], categories: { WEB_VISITS: 'allow' } }] } };
      expect(errorsOf(load(both, [visitsOnly]))).toEqual([expect.stringMatching(/^roles\.SECURITY_OFFICER\.grants\[0\]\.categories\.WEB_VISITS: refused by a guard rail: "allow" would give role SECURITY_OFFICER WEB_VISITS for SECURITY, STUDY\. /)]);
    });

    it('refuses it to every other role, hashed or not, and through a field rule once the schema is known', () => {
      const nurse = { NURSE: { grants: [{ purposes: ['SECURITY'], sensitive: { WEB_VISITS: 'mask:hash' } }] }, SECURITY_OFFICER: { grants: [] } };
      expect(errorsOf(load(nurse, [visitsOnly]))).toEqual([expect.stringContaining('roles.NURSE.grants[0].sensitive.WEB_VISITS: refused by a guard rail')]);
      const policy = compiledWith({ NURSE: { grants: [{ purposes: ['TREATMENT'], fields: { 'Patient.visits': 'allow' } }] }, SECURITY_OFFICER: { grants: [] } }, [visitsOnly]);
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^roles\.NURSE\.grants\[0\]\.fields\["Patient\.visits"\]: .*Patient\.visits is WEB_VISITS, and this rule would give it to role NURSE for TREATMENT/)]);
    });
  });

  describe('scopes', () => {
    const patientScope = { kind: 'scopes', role: 'PATIENT', allowed: ['own'], ...say('a patient reaches only their own record') };

    it('refuses any other scope, and lets a role reach nothing', () => {
      expect(errorsOf(load({ PATIENT: { scope: 'ward', grants: [] } }, [patientScope]))).toEqual([expect.stringMatching(/^roles\.PATIENT\.scope: refused by a guard rail: a PATIENT may not have scope "ward"\. A patient reaches only their own record/)]);
      expect(load({ PATIENT: { scope: 'own', grants: [] } }, [patientScope])).not.toHaveProperty('errors');
      expect(load({ PATIENT: { scope: 'none', grants: [] } }, [patientScope])).not.toHaveProperty('errors');
    });
  });

  describe('neverGrant', () => {
    const noSale = { kind: 'neverGrant', purposes: ['SALE', 'SELL', 'RESALE'], match: 'word', ...say('nothing is ever sold') };

    it.each(['SALE', 'DATA_SALE', 'SELL_LEADS', 'resale'])('refuses a grant of %s, with the promise only, declared or not', (purpose) => {
      const roles = { NURSE: { grants: [{ purposes: ['TREATMENT', purpose] }] } };
      const [error, ...more] = errorsOf(load(roles, [noSale]));
      expect(more).toEqual([]);
      expect(error).toBe(`roles.NURSE.grants[0].purposes[1]: refused by a guard rail: purpose "${purpose}" may never be granted. Nothing is ever sold — the privacy policy: "the clinic's privacy notice: nothing is ever sold"`);
    });

    it('refuses the declaration of such a purpose too, and lets a purpose that only looks like one be', () => {
      const errors = errorsOf(load({}, [noSale], { purposes: { ...vocabulary.purposes, WHOLESALE_PRICING: { description: 'x' }, DATA_SALE: { description: 'x' } } }));
      expect(errors).toEqual([expect.stringMatching(/^purposes\.DATA_SALE: refused by a guard rail: purpose "DATA_SALE" may not even be declared/)]);
    });

    it('matches names only, by default', () => {
      const exact = { kind: 'neverGrant', purposes: ['SALE'], ...say('nothing is sold') };
      expect(load({ NURSE: { grants: [{ purposes: ['DATA_SALE'] }] } }, [exact], { purposes: { DATA_SALE: { description: 'x' } } })).not.toHaveProperty('errors');
    });
  });

  describe('vocabulary', () => {
    const named = { kind: 'vocabulary', categories: ['CONTACT', 'HEALTH', 'GENETICS', 'BILLING', 'WEB_VISITS'], purposes: ['TREATMENT', 'INVOICING', 'STUDY', 'SECURITY'], ...say('we use data only for the purposes we name') };

    it('refuses a category or purpose the privacy policy does not name, and lets the policy declare fewer', () => {
      const errors = errorsOf(load({}, [named]));
      expect(errors).toEqual([expect.stringMatching(/^purposes\.REFERRAL: refused by a guard rail: purpose REFERRAL is not one the privacy policy names \(TREATMENT, INVOICING, STUDY, SECURITY\)\. We use data only/)]);
      expect(load({}, [named], { purposes: { TREATMENT: { description: 't' } } })).not.toHaveProperty('errors');
    });
  });

  describe('names', () => {
    it('must be ones the policy declares: an invariant is not dropped by renaming its role or category', () => {
      const renamed = [
        { kind: 'scopes', role: 'PATIENT', allowed: ['own', 'home'], ...say('p') },
        { kind: 'categoryOnly', category: 'WEB_VISIT', grantedTo: { SECURITY_OFFICER: ['SECURITY'] }, ...say('q') },
      ];
      expect(errorsOf(load({ PATIENTS: { grants: [] } }, renamed))).toEqual([
        'invariants[0].role: role PATIENT is not declared by policy v2: every name an invariant uses must be the policy\'s (an invariant is not dropped by renaming what it names)',
        expect.stringMatching(/^invariants\[0\]\.allowed\[1\]: scope home is not declared/),
        expect.stringMatching(/^invariants\[1\]\.category: category WEB_VISIT is not declared/),
        expect.stringMatching(/^invariants\[1\]\.grantedTo\.SECURITY_OFFICER: role SECURITY_OFFICER is not declared/),
      ]);
    });
  });

  describe('the invariants document', () => {
    it('names every problem by its path', () => {
      const result = loadPolicy(policy({}), { invariants: { invariants: [{ kind: 'scopes', role: 'PATIENT', allowed: [], promise: ' ' }, { kind: 'always' }], extra: 1 } });
      expect(errorsOf(result)).toEqual([
        'invariants[0].allowed: Too small: expected array to have >=1 items',
        'invariants[0].promise: say what the invariant guarantees',
        'invariants[0].quote: required',
        'invariants[1].kind: unknown kind (expected vocabulary, closedWorld, categoryCeiling, categoryOnly, scopes or neverGrant)',
        'extra: unknown property',
      ]);
    });
  });

  describe('in earlier versions', () => {
    const patientScope = { kind: 'scopes', role: 'PATIENT', allowed: ['own'], ...say('a patient reaches only their own record') };

    it('hold there too, naming the version', () => {
      const earlier = { previousVersions: { '2020-01-01': { roles: { PATIENT: { scope: 'ward', grants: [] } } } } };
      expect(errorsOf(load({ PATIENT: { scope: 'own', grants: [] } }, [patientScope], earlier))).toEqual([expect.stringMatching(/^previousVersions\["2020-01-01"\]\.roles\.PATIENT\.scope: refused by a guard rail/)]);
    });

    it('are checked against the schema in every version', () => {
      const visitsOnly = { kind: 'categoryOnly', category: 'WEB_VISITS', grantedTo: { NURSE: ['SECURITY'] }, ...say('web visits go to security only') };
      const earlier = { previousVersions: { v1: { roles: { NURSE: { scope: 'all', grants: [{ purposes: ['TREATMENT'], fields: { 'Patient.visits': 'allow' } }] } } } } };
      const policy = compiledWith({ NURSE: { grants: [] } }, [visitsOnly], earlier);
      expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([expect.stringMatching(/^previousVersions\.v1\.roles\.NURSE\.grants\[0\]\.fields\["Patient\.visits"\]: refused by a guard rail/)]);
    });

    it('may not name a role the current version does not declare', () => {
      const earlier = { previousVersions: { v1: { roles: { MIDWIFE: { scope: 'all', grants: [] } } } } };
      expect(errorsOf(load({}, [], earlier))).toEqual([expect.stringMatching(/^previousVersions\.v1\.roles\.MIDWIFE: unknown role: the current version does not declare it/)]);
    });
  });
});

describe("the mechanism's own rule: a sensitive field lists its purposes", () => {
  it('refuses any decision that would show a sensitive field without purposes, whatever the invariants', () => {
    const policy = compiledWith({ NURSE: { grants: [{ purposes: ['STUDY'], sensitive: { GENETICS: 'mask:hash', HEALTH: 'allow' } }] } }, []);
    expect(checkGuardRailsAgainstSchema(policy, index)).toEqual([
      'roles.NURSE.grants[0].sensitive.GENETICS: refused: Patient.genome is sensitive but its @pii lists no purposes, so NURSE stating STUDY would get it (mask); ' +
        'list the purposes it was collected for: sensitive data is used only for the purposes it was collected for.',
    ]);
  });
});
