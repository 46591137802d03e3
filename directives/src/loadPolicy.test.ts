import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, loadPolicyFile } from './index.ts';
import type { LoadPolicyResult } from './loadPolicy.ts';

// A made-up deployment (a clinic): the policy declares its own vocabulary.
const valid = () => ({
  version: '2030-01-01',
  description: 'test policy',
  categories: { CONTACT: { description: 'How to reach a person.' }, HEALTH: { description: 'Diagnoses and treatments.', label: 'Health' }, BILLING: { description: 'Invoices.' } },
  purposes: { TREATMENT: { description: 'Treating the patient.' }, INVOICING: { description: 'Billing the patient.' }, STUDY: { description: 'Research.' } },
  scopes: { own: { description: "the patient's own record", claim: 'patientId' }, ward: { description: 'the patients of a ward', claim: 'wardId' } },
  roles: {
    NURSE: {
      description: 'Treats the patients of a ward.',
      scope: 'ward',
      grants: [
        {
          purposes: ['TREATMENT', 'INVOICING'],
          categories: { HEALTH: 'allow', CONTACT: 'deny' },
          sensitive: { HEALTH: 'mask:partial' },
          fields: { 'Patient.name': 'mask:initials' },
        },
      ],
    },
    VISITOR: {
      description: 'Sees who may be visited.',
      scope: 'all',
      closedWorld: true,
      grants: [{ purposes: ['TREATMENT'], fields: { 'Patient.phone': { decision: 'allow', when: { consent: 'shareWithVisitors' } } } }],
    },
  },
});

function errorsOf(result: LoadPolicyResult): string[] {
  expect(result).toHaveProperty('errors');
  return 'errors' in result ? result.errors : [];
}

function policyOf(result: LoadPolicyResult) {
  if (!('policy' in result)) throw new Error(`expected a policy: ${result.errors.join('; ')}`);
  return result.policy;
}

describe('loadPolicy', () => {
  it('compiles a valid policy', () => {
    expect(policyOf(loadPolicy(valid())).version).toBe('2030-01-01');
  });

  it('answers which purposes a role may state, its record scope and the claim the scope needs', () => {
    const policy = policyOf(loadPolicy(valid()));
    expect(policy.purposesOf('NURSE')).toEqual(['TREATMENT', 'INVOICING']);
    expect(policy.scopeOf('NURSE')).toBe('ward');
    expect(policy.identityClaimOf('NURSE')).toBe('wardId');
    expect(policy.identityClaimOf('VISITOR')).toBeUndefined();
    expect(policy.hasRole('NURSE')).toBe(true);
  });

  it("gives a role the policy does not know no purposes and the scope 'none'", () => {
    const policy = policyOf(loadPolicy(valid()));
    expect(policy.purposesOf('SURGEON')).toEqual([]);
    expect(policy.scopeOf('SURGEON')).toBe('none');
    expect(policy.hasRole('SURGEON')).toBe(false);
  });

  it('exposes the vocabulary it declares, in policy order, with the built-in scopes first', () => {
    const policy = policyOf(loadPolicy(valid()));
    expect([...policy.categories.keys()]).toEqual(['CONTACT', 'HEALTH', 'BILLING']);
    expect(policy.categories.get('HEALTH')).toEqual({ description: 'Diagnoses and treatments.', label: 'Health' });
    expect(policy.categories.get('CONTACT')!.label).toBe('CONTACT');
    expect([...policy.purposes.keys()]).toEqual(['TREATMENT', 'INVOICING', 'STUDY']);
    expect([...policy.scopes.keys()]).toEqual(['all', 'none', 'own', 'ward']);
    expect(policy.scopes.get('all')).toMatchObject({ builtIn: true, description: 'every record' });
    expect(policy.scopes.get('own')).toEqual({ description: "the patient's own record", claim: 'patientId', builtIn: false });
    expect(policy.claims).toEqual(['patientId', 'wardId']);
  });

  it('prepares a decision for every declared category, and only those', () => {
    const grant = policyOf(loadPolicy(valid())).roles.get('NURSE')!.grants[0]!;
    expect([...grant.categories.keys()]).toEqual(['CONTACT', 'HEALTH', 'BILLING']);
    expect(grant.categories.get('BILLING')).toMatchObject({ effect: 'deny', reason: 'CATEGORY_NOT_GRANTED' });
  });

  describe('when the policy is invalid', () => {
    it('names an unknown category by its path, listing the declared ones', () => {
      const doc = valid();
      (doc.roles.NURSE.grants[0]!.categories as Record<string, string>).HEALHT = 'deny';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[0].categories.HEALHT: unknown category (the policy\'s categories: CONTACT, HEALTH, BILLING)']);
    });

    it('names an unknown sensitive category by its path', () => {
      const doc = valid();
      (doc.roles.NURSE.grants[0]!.sensitive as Record<string, string>).LOCATION = 'allow';
      expect(errorsOf(loadPolicy(doc))).toEqual([expect.stringMatching(/^roles\.NURSE\.grants\[0\]\.sensitive\.LOCATION: unknown category/)]);
    });

    it('names an unknown purpose with its value, listing the declared ones', () => {
      const doc = valid();
      doc.roles.NURSE.grants[0]!.purposes.push('MARKETING');
      expect(errorsOf(loadPolicy(doc))).toEqual([
        'roles.NURSE.grants[0].purposes[2]: unknown purpose "MARKETING": not one the policy declares (its purposes: TREATMENT, INVOICING, STUDY)',
      ]);
    });

    it('names an unknown scope, listing the built-in and declared ones', () => {
      const doc = valid();
      doc.roles.NURSE.scope = 'company';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.scope: unknown scope "company" (the policy\'s scopes: all, none, own, ward)']);
    });

    it('refuses a declaration of a built-in scope', () => {
      const doc = valid() as ReturnType<typeof valid> & { scopes: Record<string, unknown> };
      doc.scopes.all = { description: 'everything' };
      expect(errorsOf(loadPolicy(doc))).toEqual(['scopes.all: all is built in; declare only the deployment\'s own scopes']);
    });

    it('requires the vocabulary: categories and purposes', () => {
      const doc = valid() as Partial<ReturnType<typeof valid>>;
      delete doc.categories;
      delete doc.purposes;
      expect(errorsOf(loadPolicy(doc))).toEqual(['categories: required', 'purposes: required']);
    });

    it('requires a description of every category, purpose and scope, and of every role of the current version', () => {
      const doc = valid() as unknown as { categories: Record<string, object>; purposes: Record<string, object>; scopes: Record<string, object>; roles: Record<string, { description?: string }> };
      doc.categories.HEALTH = {};
      doc.purposes.STUDY = { description: ' ' };
      doc.scopes.own = { claim: 'patientId' };
      delete doc.roles.NURSE.description;
      expect(errorsOf(loadPolicy(doc)).map((e) => e.split(':')[0])).toEqual(['categories.HEALTH.description', 'purposes.STUDY.description', 'scopes.own.description', 'roles.NURSE.description']);
    });

    it('refuses names that cannot be GraphQL enum values', () => {
      const doc = valid() as unknown as { categories: Record<string, object>; purposes: Record<string, object> };
      doc.categories['MENTAL-HEALTH'] = { description: 'x' };
      doc.purposes.null = { description: 'x' };
      expect(errorsOf(loadPolicy(doc))).toEqual([
        'categories["MENTAL-HEALTH"]: a name is letters, digits and _ , not starting with a digit (a GraphQL name)',
        'purposes.null: null cannot be a GraphQL enum value',
      ]);
    });

    it('refuses the role of callers without a token', () => {
      const doc = valid() as unknown as { roles: Record<string, unknown> };
      doc.roles.ANONYMOUS = { description: 'everyone', scope: 'all', grants: [] };
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.ANONYMOUS: ANONYMOUS is the role of callers without a token; a policy may not declare it']);
    });

    it('names an unknown decision', () => {
      const doc = valid();
      doc.roles.NURSE.grants[0]!.categories.HEALTH = 'mask:blur';
      const [error] = errorsOf(loadPolicy(doc));
      expect(error).toMatch(/^roles\.NURSE\.grants\[0\]\.categories\.HEALTH: unknown decision "mask:blur"/);
    });

    it('names a field key that is not a schema coordinate', () => {
      const doc = valid();
      (doc.roles.NURSE.grants[0]!.fields as Record<string, string>).email = 'allow';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[0].fields.email: not a schema coordinate (Type.field)']);
    });

    it('rejects a purpose granted twice by one role, naming both grants', () => {
      const doc = valid();
      doc.roles.NURSE.grants.push({ purposes: ['STUDY', 'TREATMENT'] } as never);
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[1].purposes[1]: purpose TREATMENT is already granted by roles.NURSE.grants[0]']);
    });

    it('rejects a purpose named twice in one grant', () => {
      const doc = valid();
      doc.roles.NURSE.grants[0]!.purposes.push('TREATMENT');
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[0].purposes[2]: purpose TREATMENT is already granted by roles.NURSE.grants[0]']);
    });

    it('rejects a condition on a deny rule', () => {
      const doc = valid();
      (doc.roles.VISITOR.grants[0]!.fields as Record<string, unknown>)['Patient.email'] = { decision: 'deny', when: { consent: 'x' } };
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.VISITOR.grants[0].fields["Patient.email"].when: a condition (when) only applies to allow or mask decisions']);
    });

    it('rejects a misspelt property instead of ignoring it', () => {
      const doc = valid() as unknown as { roles: { NURSE: { grants: Record<string, unknown>[] } } };
      doc.roles.NURSE.grants[0]!.feilds = {};
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[0].feilds: unknown property']);
    });

    it('requires a version', () => {
      const doc = valid() as Partial<ReturnType<typeof valid>>;
      delete doc.version;
      expect(errorsOf(loadPolicy(doc))).toEqual(['version: required']);
    });

    it('requires a grant to name a purpose', () => {
      const doc = valid();
      doc.roles.NURSE.grants[0]!.purposes = [];
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.NURSE.grants[0].purposes: a grant names at least one purpose']);
    });

    it('reports every problem at once', () => {
      const doc = valid();
      (doc.roles.NURSE.grants[0]!.categories as Record<string, string>).HEALHT = 'deny';
      doc.roles.VISITOR.scope = 'friends';
      expect(errorsOf(loadPolicy(doc))).toHaveLength(2);
    });

    it('rejects something that is not a policy object', () => {
      expect(errorsOf(loadPolicy(42))[0]).toMatch(/^\(root\): /);
      expect(errorsOf(loadPolicy(null))[0]).toMatch(/^\(root\): /);
    });
  });
});

describe('loadPolicyFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confero-policy-'));

  it('reads and compiles a policy file', () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(valid()));
    expect(policyOf(loadPolicyFile(file)).version).toBe('2030-01-01');
  });

  it('is what loadPolicy does with a path', () => {
    const file = join(dir, 'good2.json');
    writeFileSync(file, JSON.stringify(valid()));
    expect('policy' in loadPolicy(file)).toBe(true);
  });

  it('refuses a key written twice in one object, which JSON would silently drop', () => {
    const file = join(dir, 'twice.json');
    const text = JSON.stringify(valid(), null, 2).replace('"Patient.name": "mask:initials"', '"Patient.name": "mask:initials", "Patient.name": "allow"');
    writeFileSync(file, text.replace('"STUDY": {', '"TREATMENT": { "description": "again" }, "STUDY": {'));
    expect(errorsOf(loadPolicyFile(file))).toEqual([
      'purposes.TREATMENT: appears twice (JSON keeps only the last, so the first would be dropped without a word)',
      'roles.NURSE.grants[0].fields["Patient.name"]: appears twice (JSON keeps only the last, so the first would be dropped without a word)',
    ]);
  });

  it('checks the policy against the invariants beside it, or those it is given', () => {
    const folder = join(dir, 'with-invariants');
    mkdirSync(folder);
    const file = join(folder, 'policy.json');
    writeFileSync(file, JSON.stringify(valid()));
    const invariant = { kind: 'scopes', role: 'NURSE', allowed: ['own'], promise: 'a nurse sees only one patient', quote: 'one patient at a time' };
    writeFileSync(join(folder, 'invariants.json'), JSON.stringify({ invariants: [invariant] }));
    expect(errorsOf(loadPolicyFile(file))).toEqual([expect.stringMatching(/^roles\.NURSE\.scope: refused by a guard rail: a NURSE may not have scope "ward"\. A nurse sees only one patient — the privacy policy: "one patient at a time"$/)]);
    expect(policyOf(loadPolicyFile(file, { invariants: false })).invariants.list).toEqual([]);
    const other = join(dir, 'other-invariants.json');
    writeFileSync(other, JSON.stringify({ invariants: [{ ...invariant, allowed: ['ward'] }] }));
    expect(policyOf(loadPolicyFile(file, { invariants: other })).invariants).toMatchObject({ source: other, list: [{ kind: 'scopes', at: 'invariants[0]' }] });
  });

  it('names the invariants file when it is invalid', () => {
    const file = join(dir, 'good3.json');
    writeFileSync(file, JSON.stringify(valid()));
    const bad = join(dir, 'bad-invariants.json');
    writeFileSync(bad, JSON.stringify({ invariants: [{ kind: 'nobodyEver', promise: 'p', quote: 'q' }] }));
    expect(errorsOf(loadPolicyFile(file, { invariants: bad }))).toEqual([`${bad}: invariants[0].kind: unknown kind (expected vocabulary, closedWorld, categoryCeiling, categoryOnly, scopes or neverGrant)`]);
    expect(errorsOf(loadPolicyFile(file, { invariants: join(dir, 'none.json') }))).toEqual([`${join(dir, 'none.json')}: cannot read the invariants file (ENOENT)`]);
  });

  it('names the file when it is not valid JSON', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "version": ');
    const errors = errorsOf(loadPolicyFile(file));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`));
  });

  it('names the file when it cannot be read', () => {
    const file = join(dir, 'missing.json');
    expect(errorsOf(loadPolicyFile(file))).toEqual([`${file}: cannot read the policy file (ENOENT)`]);
  });
});
