import type { GraphQLFormattedError } from 'graphql';
import { isErrorCode } from '@confero/directives';

/** Apollo Server's own codes for caller mistakes: their messages are safe to return. */
const CALLER_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Masks every error whose code is not a known, caller-facing one as "Unexpected error." (a
 * subgraph's stack trace, a driver message or a downstream URL never reaches the caller).
 * `onMasked` gets the original for the logs.
 */
export function createFormatError(onMasked: (error: GraphQLFormattedError) => void) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && (isErrorCode(code) || CALLER_ERROR_CODES.has(code))) {
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    onMasked(formatted);
    return { message: 'Unexpected error.', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
