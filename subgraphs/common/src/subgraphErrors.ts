import { GraphQLError } from 'graphql';

/**
 * The error codes the subgraphs raise, with a description each. Interim: the lead will switch
 * these to the shared registry of `@confero/directives` (`conferoError`) when it lands.
 */
export const SUBGRAPH_ERROR_CODES = {
  CALLER_CONTEXT_INVALID: {
    status: 401,
    description: 'The request carries no valid signed caller context (missing, forged, expired or malformed).',
  },
  PAGE_SIZE_OUT_OF_RANGE: { status: 200, description: 'A page size (`first`) outside 1..100 was asked for.' },
  INVALID_CURSOR: { status: 200, description: 'An `after` cursor that this list did not hand out.' },
} as const;

export type SubgraphErrorCode = keyof typeof SUBGRAPH_ERROR_CODES;

/** A GraphQL error with `extensions.code`; codes with an HTTP status other than 200 set it too. */
export function subgraphError(code: SubgraphErrorCode, message: string): GraphQLError {
  const { status } = SUBGRAPH_ERROR_CODES[code];
  return new GraphQLError(message, {
    extensions: status === 200 ? { code } : { code, http: { status } },
  });
}
