import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { conferoError } from './conferoError.ts';
import { ERROR_CODES, ERRORS } from './index.ts';

describe('conferoError', () => {
  it('sets the code and the HTTP status of the registry', () => {
    const error = conferoError('PURPOSE_NOT_GRANTED', 'Role CLIENT may not state purpose AUDITING.');
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('Role CLIENT may not state purpose AUDITING.');
    expect(error.extensions).toEqual({ code: 'PURPOSE_NOT_GRANTED', http: { status: 403 } });
  });

  it('adds extensions without letting them override code or status', () => {
    const error = conferoError('PII_DENIED', 'denied', { denied: ['Shopper.ssn'], code: 'OTHER', http: { status: 200 } });
    expect(error.extensions).toEqual({ denied: ['Shopper.ssn'], code: 'PII_DENIED', http: { status: 403 } });
  });

  it('refuses a code that is not registered', () => {
    expect(() => conferoError('NOPE' as never, 'x')).toThrow(/unknown error code "NOPE"/);
  });
});

describe('ERRORS', () => {
  it('binds a factory to every registered code, with its status and level', () => {
    const error = ERRORS.PII_DENIED.err('denied', { denied: ['Shopper.ssn'] });
    expect(error.extensions).toEqual({ denied: ['Shopper.ssn'], code: 'PII_DENIED', http: { status: 403 } });
    expect(ERRORS.PII_DENIED).toMatchObject({ code: 'PII_DENIED', httpStatus: 403, level: 'request' });
    expect(Object.keys(ERRORS)).toEqual(Object.keys(ERROR_CODES));
  });

  it('gives a field-level code no HTTP status, so a partial response keeps 200', () => {
    const error = ERRORS.SUBGRAPH_TIMEOUT.err('late', { serviceName: 'shopper', http: { status: 504 } });
    expect(error.extensions).toEqual({ serviceName: 'shopper', code: 'SUBGRAPH_TIMEOUT' });
    expect(ERRORS.SUBGRAPH_TIMEOUT.httpStatus).toBe(504);
  });
});
