import { GraphQLError } from 'graphql';
import { ERROR_CODES, levelOf, type ErrorCode, type ErrorCodeSpec, type ErrorLevel } from './errorCodes.ts';

/**
 * Makes the GraphQL error for a registered code: `extensions.code` is the code. A request-level
 * code also sets `extensions.http.status` to its HTTP status (Apollo Server answers with it); a
 * field-level one sets none, so the error travels in a response that keeps HTTP 200 and a
 * gateway forwards it with its code. `extensions` may add fields but cannot override `code` or
 * `http`.
 */
export function conferoError(code: ErrorCode, message: string, extensions?: Record<string, unknown>): GraphQLError {
  const spec = ERROR_CODES[code];
  if (!spec) throw new Error(`conferoError: unknown error code ${JSON.stringify(code)}`);
  const { http: _http, ...own } = extensions ?? {};
  return new GraphQLError(message, {
    extensions: levelOf(code) === 'request' ? { ...own, code, http: { status: spec.httpStatus } } : { ...own, code },
  });
}

/** One registered code with its factory bound to it (as `@apollo/federation-internals` binds one per code). */
export interface ErrorDefinition<C extends ErrorCode = ErrorCode> extends Required<ErrorCodeSpec> {
  readonly code: C;
  readonly level: ErrorLevel;
  /** The error, with its code (and, request-level, its HTTP status); `extensions` add fields. */
  err(message: string, extensions?: Record<string, unknown>): GraphQLError;
}

/**
 * Every registered code with its factory: `ERRORS.PII_DENIED.err(message, { denied })`. The one
 * way to make an error with a code; `ERRORS.X.httpStatus` is the status of a refusal that is not
 * a GraphQL execution (the HTTP layer's own answers).
 */
export const ERRORS = Object.freeze(
  Object.fromEntries(
    (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [
      code,
      Object.freeze({
        code,
        description: ERROR_CODES[code].description,
        httpStatus: ERROR_CODES[code].httpStatus,
        level: levelOf(code),
        err: (message: string, extensions?: Record<string, unknown>) => conferoError(code, message, extensions),
      }),
    ]),
  ),
) as { readonly [C in ErrorCode]: ErrorDefinition<C> };
