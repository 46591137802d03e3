import { ERROR_CODES, type ErrorCode } from '@confero/directives';
import { GraphQLError } from 'graphql';

/**
 * A GraphQL error with a code from the shared registry (`ERROR_CODES` of `@confero/directives`).
 * Only a refused request (`CALLER_CONTEXT_INVALID`) sets an HTTP status: a field error (a bad
 * page size, a bad cursor) travels in a 200 response, so the gateway forwards it with its code.
 */
export function subgraphError(code: ErrorCode, message: string): GraphQLError {
  if (!ERROR_CODES[code]) throw new Error(`subgraphError: unknown error code ${code}`);
  const refusal = code === 'CALLER_CONTEXT_INVALID';
  return new GraphQLError(message, {
    extensions: refusal ? { code, http: { status: ERROR_CODES[code].httpStatus } } : { code },
  });
}
