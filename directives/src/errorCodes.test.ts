import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './index.ts';

describe('ERROR_CODES', () => {
  it('gives every code a description and an HTTP status', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(spec.description.length, code).toBeGreaterThan(10);
      expect(spec.httpStatus, code).toBeGreaterThanOrEqual(400);
      expect(spec.httpStatus, code).toBeLessThan(600);
    }
  });

  it.each([
    ['UNAUTHENTICATED', 401],
    ['INVALID_TOKEN', 401],
    ['PURPOSE_REQUIRED', 400],
    ['UNKNOWN_PURPOSE', 400],
    ['PURPOSE_NOT_GRANTED', 403],
    ['UNKNOWN_ROLE', 403],
    ['PII_DENIED', 403],
    ['BAD_USER_INPUT', 400],
    ['PAGE_SIZE_OUT_OF_RANGE', 400],
    ['INVALID_CURSOR', 400],
    ['CALLER_CONTEXT_INVALID', 401],
    ['AUDIT_UNAVAILABLE', 503],
    ['POLICY_INVALID', 500],
    ['INTERNAL_SERVER_ERROR', 500],
  ] as const)('maps %s to HTTP %i', (code, status) => {
    expect(ERROR_CODES[code].httpStatus).toBe(status);
  });

  it('tells registered codes from others', () => {
    expect(isErrorCode('PII_DENIED')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
