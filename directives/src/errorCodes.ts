/** One entry of the error-code registry. */
export interface ErrorCodeSpec {
  /** What the code means and what the caller can do about it (rendered in the docs). */
  readonly description: string;
  /** The HTTP status a response carrying only this error gets. */
  readonly httpStatus: number;
}

/**
 * Every error code the system returns in `extensions.code`, with its meaning and HTTP status.
 * The docs' errors page is generated from this registry, so add codes here, nowhere else.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { httpStatus: 401, description: 'No bearer token was presented; every request needs one.' },
  INVALID_TOKEN: { httpStatus: 401, description: 'The bearer token is malformed, forged, expired or for another audience.' },
  PURPOSE_REQUIRED: {
    httpStatus: 400,
    description: 'Reserved: the request states no purpose (x-purpose) where one is required. Today a missing purpose denies every @pii field instead.',
  },
  UNKNOWN_PURPOSE: { httpStatus: 400, description: 'The stated purpose (x-purpose) is not one of the purposes of the privacy policy.' },
  PURPOSE_NOT_GRANTED: { httpStatus: 403, description: "The caller's role may not state this purpose." },
  UNKNOWN_ROLE: { httpStatus: 403, description: "The token's role is not in the policy; such callers see no personal information." },
  PII_DENIED: {
    httpStatus: 403,
    description: 'Strict mode: the operation asks for a field the policy denies to this role and purpose; nothing was executed.',
  },
  OPERATION_TOO_COMPLEX: { httpStatus: 400, description: 'The operation expands to more selections than the privacy planner accepts (e.g. a fragment bomb).' },
  METHOD_NOT_ALLOWED: { httpStatus: 405, description: 'The GraphQL endpoint takes POST (and GET for queries).' },
  BAD_REQUEST: { httpStatus: 400, description: 'The HTTP request is malformed (e.g. the body is not valid JSON).' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, description: 'The request body is larger than MAX_BODY_BYTES.' },
  BAD_USER_INPUT: { httpStatus: 400, description: 'An argument or variable value is invalid.' },
  PAGE_SIZE_OUT_OF_RANGE: { httpStatus: 400, description: 'The page size (first) is outside 1..100.' },
  INVALID_CURSOR: { httpStatus: 400, description: 'The cursor (after) was not issued by this server for this list.' },
  CALLER_CONTEXT_INVALID: {
    httpStatus: 401,
    description: "A subgraph refused the request: it carried no valid, unexpired signed caller context from the gateway.",
  },
  AUDIT_UNAVAILABLE: {
    httpStatus: 503,
    description: 'The audit log could not be written, so the personal information in the response was withheld. Retry later.',
  },
  POLICY_INVALID: { httpStatus: 500, description: 'Start-up: the policy file failed validation; the process does not start.' },
  INTERNAL_SERVER_ERROR: { httpStatus: 500, description: 'An unexpected error; details are logged, not returned.' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is a registered error code. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
