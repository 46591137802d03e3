import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './errorCodes.ts';

/**
 * Makes the GraphQL error for a registered code: `extensions.code` is the code and
 * `extensions.http.status` its HTTP status (Apollo Server uses it for the response status).
 * `extensions` may add fields but cannot override `code` or `http`.
 */
export function conferoError(code: ErrorCode, message: string, extensions?: Record<string, unknown>): GraphQLError {
  const spec = ERROR_CODES[code];
  if (!spec) throw new Error(`conferoError: unknown error code ${JSON.stringify(code)}`);
  return new GraphQLError(message, {
    extensions: { ...extensions, code, http: { status: spec.httpStatus } },
  });
}
