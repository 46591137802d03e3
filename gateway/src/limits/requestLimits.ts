import { ApolloArmor } from '@escape.tech/graphql-armor';
import { conferoError, type ErrorCode } from '@confero/directives';
import type { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';

/** Options of {@link createRequestLimits}: how big an operation (and a request) may be. */
export interface RequestLimitsOptions {
  /** Deepest field nesting, fragments flattened (`a { b { c } }` is 3). Default 10. */
  maxDepth?: number;
  /** Most aliases in one operation (aliases of `__typename` not counted). Default 15. */
  maxAliases?: number;
  /** Most lexical tokens in the document; longer documents are not parsed. Default 2000. */
  maxTokens?: number;
  /** Most directives in one operation. Default 50. */
  maxDirectives?: number;
  /**
   * Highest estimated cost (graphql-armor's model: 1 per scalar, 2 per object, ×1.5 per level,
   * × `first` of a list). Default 100000: every field of the reference supergraph through
   * three lists of 100 costs about 83000.
   */
  maxCost?: number;
  /** Most operations in one batched HTTP request; 0 turns batching off. Default 0 (off). */
  maxBatchSize?: number;
  /** Largest `variables` object, as JSON, in bytes. Default 65536 (64 KiB). */
  maxVariablesBytes?: number;
}

export type ResolvedRequestLimits = Required<RequestLimitsOptions>;

export const DEFAULT_REQUEST_LIMITS: ResolvedRequestLimits = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 100_000,
  maxBatchSize: 0,
  maxVariablesBytes: 64 * 1024,
});

/** The options with their defaults, checked (the error names the component and the option). */
export function resolveRequestLimits(options: RequestLimitsOptions = {}): ResolvedRequestLimits {
  const limits = { ...DEFAULT_REQUEST_LIMITS };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_REQUEST_LIMITS) as Array<keyof ResolvedRequestLimits>) {
    const value = options[key];
    if (value === undefined) continue;
    const min = key === 'maxBatchSize' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) problems.push(`${key} must be an integer of at least ${min}, got ${String(value)}`);
    else limits[key] = value;
  }
  if (problems.length > 0) throw new Error(`requestLimits: ${problems.join('; ')}`);
  return limits;
}

/** What Apollo Server needs to enforce the operation limits. */
export interface OperationLimits {
  /** Depth, aliases, directives and cost (graphql-armor), reporting our error codes. */
  validationRules: ValidationRule[];
  /** The token limit: graphql-js stops parsing past `maxTokens`. */
  parseOptions: ParseOptions;
}

/**
 * The operation limits as Apollo Server validation rules (graphql-armor's, each rejection
 * reported with its own code: `QUERY_TOO_DEEP`, `TOO_MANY_ALIASES`, `TOO_MANY_DIRECTIVES`,
 * `QUERY_TOO_COSTLY`) and parse options (`TOO_MANY_TOKENS`, see {@link tooManyTokens}).
 *
 * graphql-armor's own token plugin is not used: under Apollo Server 5 it throws from
 * `parsingDidStart`, which Apollo answers as an internal error (HTTP 500). graphql-js's
 * `maxTokens` parse option aborts the parse just as early and fails as a syntax error (400).
 */
export function createOperationLimits(limits: ResolvedRequestLimits): OperationLimits {
  const report = (code: ErrorCode) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(conferoError(code, error.message.replace(/^Syntax Error: /, '')))],
  });
  const armor = new ApolloArmor({
    blockFieldSuggestion: { enabled: false }, // Apollo's hideSchemaDetailsFromClientErrors and formatError do it
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...report('QUERY_TOO_DEEP') },
    maxAliases: { n: limits.maxAliases, ...report('TOO_MANY_ALIASES') },
    maxDirectives: { n: limits.maxDirectives, ...report('TOO_MANY_DIRECTIVES') },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...report('QUERY_TOO_COSTLY') },
  });
  return { validationRules: armor.protect().validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:at|an) (\d+) tokens/;

/** The token limit of a parse error graphql-js raised for `maxTokens`, or undefined for any other error. */
export function tooManyTokens(message: string): number | undefined {
  const match = TOKEN_LIMIT_MESSAGE.exec(message);
  return match ? Number(match[1]) : undefined;
}
