import { loadPolicy } from '@confero/directives';
import { referencePolicyDocument } from '@confero/testing';
import { describe, expect, it } from 'vitest';
import { checkPurpose } from './checkPurpose.ts';

const loaded = loadPolicy(referencePolicyDocument({
  version: 'test',
  roles: {
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES', 'RECORD_KEEPING'], categories: { IDENTIFIERS: 'allow' } }] },
    LEGAL: { scope: 'all', grants: [] },
  },
}));
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const policy = loaded.policy;

describe('checkPurpose', () => {
  it('accepts a purpose the role may state', () => {
    expect(checkPurpose(policy, 'SUPPORT', 'SERVICES')).toEqual({ purpose: 'SERVICES' });
  });

  it('refuses an unknown purpose, naming the purposes the role may state', () => {
    expect(checkPurpose(policy, 'SUPPORT', 'SELLING')).toEqual({
      refused: { code: 'UNKNOWN_PURPOSE', message: 'Unknown purpose "SELLING". Role SUPPORT may state: SERVICES, RECORD_KEEPING.', allowedPurposes: ['SERVICES', 'RECORD_KEEPING'] },
    });
  });

  it('refuses a purpose the role is not granted, and says so for a role that may state none', () => {
    expect(checkPurpose(policy, 'SUPPORT', 'AUDITING')).toMatchObject({ refused: { code: 'PURPOSE_NOT_GRANTED', message: 'Role SUPPORT may not state purpose AUDITING. It may state: SERVICES, RECORD_KEEPING.' } });
    expect(checkPurpose(policy, 'LEGAL', 'AUDITING')).toMatchObject({ refused: { message: 'Role LEGAL may not state purpose AUDITING. It may state: (none).' } });
  });
});
