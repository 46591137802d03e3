import type { GraphQLFormattedError } from 'graphql';
import { isErrorCode } from '@confero/directives';
import { tooManyTokens } from './limits/requestLimits.ts';

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

/** Extensions never returned, whatever the code: stacks, exceptions, downstream responses. */
const INTERNAL_EXTENSIONS = new Set(['stacktrace', 'exception', 'response']);

/** Options of {@link createFormatError}. */
export interface FormatErrorOptions {
  /** Keep graphql-js's "Did you mean …?" suggestions (they reveal schema names). Default false. */
  suggestions?: boolean;
  /** Give a masked error's original message in `extensions.detail` (development only; never a stack). Default false. */
  details?: boolean;
}

/** Apollo Gateway's code for a subgraph's own error (`downstreamServiceError`). */
const DOWNSTREAM = 'DOWNSTREAM_SERVICE_ERROR';

/**
 * Masks every error whose code is not a known, caller-facing one as "Unexpected error." (a
 * subgraph's stack trace, a driver message or a downstream URL never reaches the caller). A
 * subgraph's own error (one with `extensions.serviceName`, as Apollo Gateway and the Hive
 * engine mark them) keeps Apollo's code `DOWNSTREAM_SERVICE_ERROR` and its `serviceName`, its
 * message masked. `onMasked` gets the original for the logs. A limit error that Apollo wrapped
 * as a validation or parse failure gets its own code back (`QUERY_TOO_DEEP`, `TOO_MANY_TOKENS`, …).
 */
export function createFormatError(onMasked: (error: GraphQLFormattedError) => void, options: FormatErrorOptions = {}) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const restored = restoreCode(formatted, error);
    const code = restored.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code !== DOWNSTREAM && (isErrorCode(code) || CALLER_ERROR_CODES.has(code))) {
      const extensions = Object.fromEntries(Object.entries(restored.extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.has(key)));
      return { ...restored, message: options.suggestions ? restored.message : withoutSuggestions(restored.message), extensions };
    }
    onMasked(formatted);
    const serviceName = formatted.extensions?.serviceName;
    const downstream = typeof serviceName === 'string' ? { code: DOWNSTREAM, serviceName } : code === DOWNSTREAM ? { code: DOWNSTREAM } : undefined;
    return {
      message: 'Unexpected error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...(downstream ?? { code: 'INTERNAL_SERVER_ERROR' }), ...(options.details ? { detail: withoutSuggestions(formatted.message) } : {}) },
    };
  };
}

/** Removes graphql-js's "Did you mean …?" suggestions from a message. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

function restoreCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    // Apollo wraps a validation rule's error and overwrites its code; the rule's is on the original.
    const original = (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError?.extensions?.code;
    if (isErrorCode(original)) return { ...formatted, extensions: { ...formatted.extensions, code: original } };
  }
  if (code === 'GRAPHQL_PARSE_FAILED') {
    const limit = tooManyTokens(formatted.message);
    if (limit !== undefined) {
      const { locations: _locations, ...rest } = formatted;
      return { ...rest, message: `The operation has more than ${limit} tokens (the limit).`, extensions: { ...formatted.extensions, code: 'TOO_MANY_TOKENS' } };
    }
  }
  return formatted;
}
