import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createFormatError } from './formatError.ts';

describe('createFormatError', () => {
  it('masks an unknown error and hands the original to the logs', () => {
    const onMasked = vi.fn();
    const formatted = createFormatError(onMasked)({ message: 'connect ECONNREFUSED 10.0.0.5:27017', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'Unexpected error.', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(onMasked).toHaveBeenCalledOnce();
  });

  describe('when a subgraph answered with an error of its own', () => {
    it("keeps Apollo's DOWNSTREAM_SERVICE_ERROR and the subgraph's name, and masks the message", () => {
      const onMasked = vi.fn();
      const formatError = createFormatError(onMasked);
      // Apollo Gateway keeps a subgraph's own code; the Hive engine does the same.
      const own = formatError({ message: 'E11000 duplicate key at 10.0.0.5', path: ['shopper', 'email'], extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'shopper', exception: {} } });
      expect(own).toEqual({ message: 'Unexpected error.', path: ['shopper', 'email'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'shopper' } });
      // Without a code of the subgraph's, Apollo's own.
      const bare = formatError({ message: 'boom', path: ['a'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'client' } });
      expect(bare).toEqual({ message: 'Unexpected error.', path: ['a'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'client' } });
      expect(onMasked).toHaveBeenCalledTimes(2);
    });

    it('keeps a caller-facing code the subgraph or the gateway gave it, with its message', () => {
      const formatted = createFormatError(() => {})({ message: 'The shopper service is unavailable.', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'shopper' } });
      expect(formatted).toEqual({ message: 'The shopper service is unavailable.', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'shopper' } });
    });
  });

  it('gives the original message in extensions.detail only when asked (development), never a stack', () => {
    const formatted = createFormatError(() => {}, { details: true })({ message: 'boom', extensions: { stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', detail: 'boom' } });
  });

  it('keeps caller-facing codes, without stacks or downstream responses', () => {
    const formatted = createFormatError(() => {})({ message: 'Invalid token.', extensions: { code: 'UNAUTHENTICATED', stacktrace: ['at x'], response: { url: 'http://10.0.0.5' } } });
    expect(formatted).toEqual({ message: 'Invalid token.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('gives a limit error wrapped by Apollo as a validation failure its own code back', () => {
    const original = new GraphQLError('Query depth limit of 10 exceeded, found 12.', { extensions: { code: 'QUERY_TOO_DEEP' } });
    const formatted = createFormatError(() => {})({ message: original.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, { originalError: original });
    expect(formatted.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('names the token limit of a parse that was stopped', () => {
    const formatted = createFormatError(() => {})({ message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.', locations: [{ line: 1, column: 9 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatted).toEqual({ message: 'The operation has more than 2000 tokens (the limit).', extensions: { code: 'TOO_MANY_TOKENS' } });
  });

  it('drops "did you mean" suggestions unless they are enabled', () => {
    const error = { message: 'Cannot query field "emial" on type "Shopper". Did you mean "email"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(createFormatError(() => {})(error).message).toBe('Cannot query field "emial" on type "Shopper".');
    expect(createFormatError(() => {}, { suggestions: true })(error).message).toContain('Did you mean "email"?');
  });
});
