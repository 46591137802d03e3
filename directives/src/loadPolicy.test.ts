import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, loadPolicyFile } from './index.ts';
import type { LoadPolicyResult } from './loadPolicy.ts';

const valid = () => ({
  version: '2026-11-01',
  description: 'test policy',
  roles: {
    CLIENT: {
      description: 'A client.',
      scope: 'client',
      grants: [
        {
          purposes: ['CLIENT_REPORTING', 'VERIFICATION'],
          categories: { SENSORY: 'allow', IDENTIFIERS: 'deny' },
          sensitive: { GEOLOCATION: 'allow' },
          fields: { 'Shopper.name': 'mask:initials' },
        },
      ],
    },
    PARTNER: {
      scope: 'partner',
      closedWorld: true,
      grants: [
        {
          purposes: ['PARTNER_REFERRAL'],
          fields: { 'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } } },
        },
      ],
    },
  },
});

function errorsOf(result: LoadPolicyResult): string[] {
  expect(result).toHaveProperty('errors');
  return 'errors' in result ? result.errors : [];
}

describe('loadPolicy', () => {
  it('compiles a valid policy', () => {
    const result = loadPolicy(valid());
    expect(result).not.toHaveProperty('errors');
    expect('policy' in result && result.policy.version).toBe('2026-11-01');
  });

  it('answers which purposes a role may state and its record scope', () => {
    const result = loadPolicy(valid());
    if (!('policy' in result)) throw new Error('expected a policy');
    expect(result.policy.purposesOf('CLIENT')).toEqual(['CLIENT_REPORTING', 'VERIFICATION']);
    expect(result.policy.scopeOf('CLIENT')).toBe('client');
    expect(result.policy.hasRole('CLIENT')).toBe(true);
  });

  it("gives a role the policy does not know no purposes and the scope 'none'", () => {
    const result = loadPolicy(valid());
    if (!('policy' in result)) throw new Error('expected a policy');
    expect(result.policy.purposesOf('FINANCE')).toEqual([]);
    expect(result.policy.scopeOf('ADMIN')).toBe('none');
    expect(result.policy.hasRole('ADMIN')).toBe(false);
  });

  describe('when the policy is invalid', () => {
    it('names an unknown category by its path', () => {
      const doc = valid();
      (doc.roles.CLIENT.grants[0].categories as Record<string, string>).IDENTIFERS = 'deny';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.CLIENT.grants[0].categories.IDENTIFERS: unknown category']);
    });

    it('names an unknown sensitive category by its path', () => {
      const doc = valid();
      (doc.roles.CLIENT.grants[0].sensitive as Record<string, string>).LOCATION = 'allow';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.CLIENT.grants[0].sensitive.LOCATION: unknown category']);
    });

    it('names an unknown role', () => {
      const doc = valid() as { roles: Record<string, unknown> };
      doc.roles.ADMIN = { scope: 'all', grants: [] };
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.ADMIN: unknown role']);
    });

    it('names an unknown purpose with its value', () => {
      const doc = valid();
      doc.roles.CLIENT.grants[0].purposes.push('MARKETING');
      const [error, ...others] = errorsOf(loadPolicy(doc));
      expect(others).toEqual([]);
      expect(error).toMatch(/^roles\.CLIENT\.grants\[0\]\.purposes\[2\]: unknown purpose "MARKETING": a policy may grant only the business purposes the privacy policy names \(OPPORTUNITY_MATCHING, /);
    });

    it('names an unknown decision', () => {
      const doc = valid();
      doc.roles.CLIENT.grants[0].categories.SENSORY = 'mask:blur';
      const [error] = errorsOf(loadPolicy(doc));
      expect(error).toMatch(/^roles\.CLIENT\.grants\[0\]\.categories\.SENSORY: unknown decision "mask:blur"/);
    });

    it('names a field key that is not a schema coordinate', () => {
      const doc = valid();
      (doc.roles.CLIENT.grants[0].fields as Record<string, string>).email = 'allow';
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.CLIENT.grants[0].fields.email: not a schema coordinate (Type.field)']);
    });

    it('names an unknown scope', () => {
      const doc = valid();
      doc.roles.CLIENT.scope = 'company';
      const [error] = errorsOf(loadPolicy(doc));
      expect(error).toMatch(/^roles\.CLIENT\.scope: unknown scope "company"/);
    });

    it('rejects a purpose granted twice by one role, naming both grants', () => {
      const doc = valid();
      doc.roles.CLIENT.grants.push({ purposes: ['QUALITY_SAFETY', 'CLIENT_REPORTING'] } as never);
      expect(errorsOf(loadPolicy(doc))).toEqual([
        'roles.CLIENT.grants[1].purposes[1]: purpose CLIENT_REPORTING is already granted by roles.CLIENT.grants[0]',
      ]);
    });

    it('rejects a purpose named twice in one grant', () => {
      const doc = valid();
      doc.roles.CLIENT.grants[0].purposes.push('CLIENT_REPORTING');
      expect(errorsOf(loadPolicy(doc))).toEqual([
        'roles.CLIENT.grants[0].purposes[2]: purpose CLIENT_REPORTING is already granted by roles.CLIENT.grants[0]',
      ]);
    });

    it('rejects a condition on a deny rule', () => {
      const doc = valid();
      (doc.roles.PARTNER.grants[0].fields as Record<string, unknown>)['Shopper.phone'] = { decision: 'deny', when: { consent: 'x' } };
      expect(errorsOf(loadPolicy(doc))).toEqual([
        'roles.PARTNER.grants[0].fields["Shopper.phone"].when: a condition (when) only applies to allow or mask decisions',
      ]);
    });

    it('rejects a misspelt property instead of ignoring it', () => {
      const doc = valid() as unknown as { roles: { CLIENT: { grants: Record<string, unknown>[] } } };
      doc.roles.CLIENT.grants[0].feilds = {};
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.CLIENT.grants[0].feilds: unknown property']);
    });

    it('requires a version', () => {
      const doc = valid() as Partial<ReturnType<typeof valid>>;
      delete doc.version;
      expect(errorsOf(loadPolicy(doc))).toEqual(['version: required']);
    });

    it('requires a grant to name a purpose', () => {
      const doc = valid();
      doc.roles.CLIENT.grants[0].purposes = [];
      expect(errorsOf(loadPolicy(doc))).toEqual(['roles.CLIENT.grants[0].purposes: a grant names at least one purpose']);
    });

    it('reports every problem at once', () => {
      const doc = valid();
      (doc.roles.CLIENT.grants[0].categories as Record<string, string>).IDENTIFERS = 'deny';
      doc.roles.PARTNER.scope = 'friends';
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
    const result = loadPolicyFile(file);
    expect('policy' in result && result.policy.version).toBe('2026-11-01');
  });

  it('is what loadPolicy does with a path', () => {
    const file = join(dir, 'good2.json');
    writeFileSync(file, JSON.stringify(valid()));
    expect('policy' in loadPolicy(file)).toBe(true);
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
