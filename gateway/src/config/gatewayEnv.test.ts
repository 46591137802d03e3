import { describe, expect, it } from 'vitest';
import { parseGatewayEnv } from './gatewayEnv.ts';

const envOf = (source: NodeJS.ProcessEnv) => {
  const parsed = parseGatewayEnv(source);
  if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
  return parsed.env;
};

describe('parseGatewayEnv', () => {
  describe('MAX_TOKEN_LIFETIME', () => {
    it('is 24 hours unless set, and reads a duration in seconds', () => {
      expect(envOf({}).MAX_TOKEN_LIFETIME).toBe(86_400);
      expect(envOf({ MAX_TOKEN_LIFETIME: '8h' }).MAX_TOKEN_LIFETIME).toBe(28_800);
      expect(envOf({ MAX_TOKEN_LIFETIME: '900' }).MAX_TOKEN_LIFETIME).toBe(900);
    });

    it('refuses what is not a positive duration, saying what it takes', () => {
      for (const value of ['0', '1.5h', 'forever']) {
        expect(parseGatewayEnv({ MAX_TOKEN_LIFETIME: value })).toEqual({ errors: [expect.stringMatching(/^MAX_TOKEN_LIFETIME: must be a duration: a whole number with s, m, h or d/)] });
      }
    });
  });

  describe('AUDIT_JOURNAL_FSYNC', () => {
    it('is on unless turned off', () => {
      expect(envOf({ AUDIT_JOURNAL_DIR: '/j' }).AUDIT_JOURNAL_FSYNC).toBe(true);
      expect(envOf({ AUDIT_JOURNAL_DIR: '/j', AUDIT_JOURNAL_FSYNC: '1' }).AUDIT_JOURNAL_FSYNC).toBe(true);
      expect(envOf({ AUDIT_JOURNAL_DIR: '/j', AUDIT_JOURNAL_FSYNC: '0' }).AUDIT_JOURNAL_FSYNC).toBe(false);
    });

    it('is refused without a journal, where it would do nothing', () => {
      expect(parseGatewayEnv({ AUDIT_JOURNAL_FSYNC: '1' })).toEqual({ errors: [expect.stringMatching(/^AUDIT_JOURNAL_FSYNC: applies to the audit journal only; set AUDIT_JOURNAL_DIR too/)] });
    });
  });

  describe('PRIVACY_REPORT', () => {
    it('is extensions unless set to errors or off, and refuses anything else', () => {
      expect(envOf({}).PRIVACY_REPORT).toBe('extensions');
      expect(envOf({ PRIVACY_REPORT: 'errors' }).PRIVACY_REPORT).toBe('errors');
      expect(envOf({ PRIVACY_REPORT: 'off' }).PRIVACY_REPORT).toBe('off');
      expect(parseGatewayEnv({ PRIVACY_REPORT: 'header' })).toEqual({ errors: [expect.stringMatching(/^PRIVACY_REPORT: /)] });
    });
  });

  describe('WATCH_DEPLOYMENT_FILES', () => {
    it('is on unless turned off', () => {
      expect(envOf({}).WATCH_DEPLOYMENT_FILES).toBe('on');
      expect(envOf({ WATCH_DEPLOYMENT_FILES: 'off' }).WATCH_DEPLOYMENT_FILES).toBe('off');
    });
  });

  describe('AUDIT_SUBJECT_TYPES and AUDIT_SUBJECT_VIA', () => {
    it('name no type of any deployment unless set: every type whose data is returned is a subject, and none leads to another', () => {
      expect(envOf({}).AUDIT_SUBJECT_TYPES).toBeUndefined();
      expect(envOf({}).AUDIT_SUBJECT_VIA).toBeUndefined();
    });

    it('read a list of types, and Type.field pairs', () => {
      const env = envOf({ AUDIT_SUBJECT_TYPES: 'Patient, Donor', AUDIT_SUBJECT_VIA: 'Visit.patient,Sample.donor' });
      expect(env.AUDIT_SUBJECT_TYPES).toEqual(['Patient', 'Donor']);
      expect(env.AUDIT_SUBJECT_VIA).toEqual({ Visit: 'patient', Sample: 'donor' });
      expect(parseGatewayEnv({ AUDIT_SUBJECT_VIA: 'Visit' })).toEqual({ errors: ['AUDIT_SUBJECT_VIA: AUDIT_SUBJECT_VIA: "Visit" is not Type.field'] });
    });
  });
});
