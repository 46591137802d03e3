/**
 * Where an error stands: `request` refuses the whole request (its HTTP status is the
 * response's); `field` stands for one field, whose value is null, in a response that otherwise
 * keeps HTTP 200 (its status is that of a response with nothing else).
 */
export type ErrorLevel = 'request' | 'field';

/** One entry of the error-code registry. */
export interface ErrorCodeSpec {
  /** What the code means and what the caller can do about it (rendered in the docs). */
  readonly description: string;
  /** The HTTP status a response carrying only this error gets. */
  readonly httpStatus: number;
  /** Request- or field-level. Default `request`. */
  readonly level?: ErrorLevel;
}

/**
 * Every error code the system returns in `extensions.code`, with its meaning and HTTP status.
 * The docs' errors page is generated from this registry, so add codes here, nowhere else.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { httpStatus: 401, description: 'No bearer token was presented; every request needs one.' },
  INVALID_TOKEN: {
    httpStatus: 401,
    description:
      'The bearer token is malformed, forged, expired or for another audience; has no exp, or lives longer than MAX_TOKEN_LIFETIME (exp - iat, or exp - now); lacks the sub and role claims, or the claim its role\'s record scope needs (the policy\'s scopes name it); or claims the anonymous role while anonymous access is off. The message says which.',
  },
  PURPOSE_REQUIRED: {
    httpStatus: 400,
    description: 'Reserved: the request states no purpose (x-purpose) where one is required. Today a missing purpose denies every @pii field instead.',
  },
  UNKNOWN_PURPOSE: { httpStatus: 400, description: 'The stated purpose (x-purpose) is not one the policy declares (its purposes).' },
  PURPOSE_NOT_GRANTED: { httpStatus: 403, description: "The caller's role may not state this purpose." },
  UNKNOWN_ROLE: { httpStatus: 403, description: "The token's role is not in the policy; such callers see no personal information." },
  PII_DENIED: {
    httpStatus: 403,
    description:
      'The operation asks for a field the policy denies to this role and purpose, in strict mode, or in any mode when the field is non-null in the schema (it cannot come back null: e.g. a list outside a closed-world role\'s grant); nothing was executed. extensions.denied names each field.',
  },
  ARGUMENT_NOT_PERMITTED: {
    httpStatus: 403,
    description:
      "An argument or input field of the operation compares records with a field (@piiReads) that the caller's role would not receive in full for the stated purpose (withheld or masked), so using it would disclose that field through which records come back, their order or their count. Nothing was executed. extensions.arguments names each argument, the field it reads and the decision.",
  },
  PII_WRITE_DENIED: {
    level: 'field',
    httpStatus: 403,
    description:
      "A mutation would write a personal-information field the caller's role may not have in full for the stated purpose, on that record (its consent and policy version count); nothing was written. extensions.refused names each field.",
  },
  OPERATION_TOO_COMPLEX: { httpStatus: 400, description: 'The operation expands to more selections than the privacy planner accepts (e.g. a fragment bomb).' },
  METHOD_NOT_ALLOWED: { httpStatus: 405, description: 'The GraphQL endpoint takes POST (and GET for queries).' },
  BAD_REQUEST: { httpStatus: 400, description: 'The HTTP request is malformed (e.g. the body is not valid JSON).' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, description: 'The request body is larger than MAX_BODY_BYTES.' },
  VARIABLES_TOO_LARGE: { httpStatus: 413, description: 'The operation\'s variables, as JSON, are larger than MAX_VARIABLES_BYTES.' },
  UNSUPPORTED_MEDIA_TYPE: {
    httpStatus: 415,
    description: 'A POST body must be JSON (content-type: application/json, UTF-8); other content types are refused.',
  },
  QUERY_TOO_DEEP: { httpStatus: 400, description: 'The operation nests fields deeper than MAX_DEPTH levels; nothing was executed.' },
  TOO_MANY_ALIASES: { httpStatus: 400, description: 'The operation uses more than MAX_ALIASES aliases; nothing was executed.' },
  TOO_MANY_TOKENS: { httpStatus: 400, description: 'The operation text has more than MAX_TOKENS lexical tokens; it was not parsed.' },
  TOO_MANY_DIRECTIVES: { httpStatus: 400, description: 'The operation uses more than MAX_DIRECTIVES directives; nothing was executed.' },
  QUERY_TOO_COSTLY: {
    httpStatus: 400,
    description: 'The operation\'s estimated cost (fields weighted by depth and list sizes) is above MAX_COST; nothing was executed. Ask for fewer fields or smaller pages.',
  },
  BATCHING_DISABLED: { httpStatus: 400, description: 'The body is a JSON array (a batch of operations) and batching is off (MAX_BATCH_SIZE=0). Send one operation per request.' },
  BATCH_TOO_LARGE: { httpStatus: 400, description: 'The batch holds more operations than MAX_BATCH_SIZE, or none.' },
  OPERATION_NOT_ALLOWED: {
    httpStatus: 403,
    description: 'The caller\'s role may run registered (persisted) operations only, and this operation is not registered for it (by name and sha256 of its normalized text).',
  },
  SUBGRAPH_UNAVAILABLE: {
    level: 'field',
    httpStatus: 502,
    description: 'A service behind the gateway could not be reached or answered with an error; the fields it serves are null. Other fields are returned (HTTP 200); 502 only when nothing could be. Retry later.',
  },
  SUBGRAPH_TIMEOUT: {
    level: 'field',
    httpStatus: 504,
    description: 'A service behind the gateway did not answer within SUBGRAPH_TIMEOUT_MS; the fields it serves are null. Other fields are returned (HTTP 200); 504 only when nothing could be.',
  },
  SUBGRAPH_BAD_RESPONSE: {
    level: 'field',
    httpStatus: 502,
    description: 'A service behind the gateway answered with something that is not a GraphQL response; the fields it serves are null. Other fields are returned (HTTP 200); 502 only when nothing could be.',
  },
  DATABASE_UNAVAILABLE: {
    level: 'field',
    httpStatus: 503,
    description: 'A subgraph could not reach its database; the fields it serves are null (the response keeps HTTP 200 when it has other data). Retry shortly: the subgraph reconnects by itself.',
  },
  DOWNSTREAM_SERVICE_ERROR: {
    level: 'field',
    httpStatus: 502,
    description:
      "A subgraph answered with an error of its own (not one of these codes): Apollo Gateway's code for it, with the subgraph's name in extensions.serviceName. Its message is masked (\"Unexpected error.\"; the gateway's log has it), and the fields it concerns are null.",
  },
  POLICY_VERSION_UNAVAILABLE: {
    httpStatus: 503,
    description:
      "A subgraph refused a request decided under a policy version (the caller context's policyDigest) that it does not hold: it keeps the versions it loaded last, and reads its policy file again before refusing. During a rollout, give the subgraphs the new policy before the gateways. The gateway returns the fields that subgraph serves as null, with SUBGRAPH_UNAVAILABLE. Retry shortly.",
  },
  UNAUTHORIZED_FIELD_OR_TYPE: {
    level: 'field',
    httpStatus: 403,
    description:
      "With PRIVACY_REPORT=errors (GraphOS Router's authorization code): a field the policy withholds from the caller's role and purpose; it comes back null, and the error's path says where. The response keeps HTTP 200 when it has data. With the default PRIVACY_REPORT=extensions the same is in extensions.privacy instead.",
  },
  SHUTTING_DOWN: { httpStatus: 503, description: 'The gateway is stopping and takes no new requests; retry (another instance will answer).' },
  BAD_USER_INPUT: { level: 'field', httpStatus: 400, description: 'An argument or variable value is invalid.' },
  PAGE_SIZE_OUT_OF_RANGE: { level: 'field', httpStatus: 400, description: 'The page size (first) is outside 1..100.' },
  INVALID_CURSOR: { level: 'field', httpStatus: 400, description: 'The cursor (after) was not issued by this server for this list.' },
  CALLER_CONTEXT_INVALID: {
    httpStatus: 401,
    description:
      'A subgraph refused the request: it carried no valid, unexpired signed caller context from the gateway (one that lives at most 60 s, exp - iat, and was not issued more than 5 s in the future).',
  },
  AUDIT_UNAVAILABLE: {
    httpStatus: 503,
    description: 'The audit log could not be written, so the personal information in the response was withheld. Retry later.',
  },
  CROSS_ORIGIN_REFUSED: {
    httpStatus: 403,
    description: "The explorer's development-token endpoint answers only its own page: the request carried no Origin naming this gateway (or Sec-Fetch-Site was not same-origin).",
  },
  EXPLORER_UNAVAILABLE: { httpStatus: 503, description: "The explorer page's assets could not be built; the GraphQL endpoint is unaffected. The gateway's log says why." },
  POLICY_INVALID: { httpStatus: 500, description: 'Start-up: the policy file failed validation (its format, its vocabulary, or an invariant it breaks), or does not fit the supergraph; the process does not start.' },
  INTERNAL_SERVER_ERROR: { httpStatus: 500, description: 'An unexpected error; details are logged, not returned.' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The level of a registered code (`ErrorCodeSpec.level`, default `request`). */
export function levelOf(code: ErrorCode): ErrorLevel {
  return (ERROR_CODES[code] as ErrorCodeSpec).level ?? 'request';
}

/** True when `code` is a registered error code. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
