import { GraphQLError } from 'graphql';

/** A subgraph's answer: `data` and `errors` as it sent them (not yet checked). */
export interface SubgraphAnswer {
  data?: unknown;
  errors?: ReadonlyArray<Record<string, unknown>>;
}

/**
 * A subgraph's error as the gateway returns it (Apollo Gateway's `downstreamServiceError`):
 * its message and extensions, its code (`DOWNSTREAM_SERVICE_ERROR` when it has none), the
 * subgraph's name in `serviceName`, at `path` in the caller's response.
 */
export function subgraphError(raw: Record<string, unknown>, serviceName: string, path: ReadonlyArray<string | number> | undefined): GraphQLError {
  const message = typeof raw.message === 'string' && raw.message ? raw.message : `Error while fetching subquery from service "${serviceName}"`;
  const extensions = typeof raw.extensions === 'object' && raw.extensions !== null && !Array.isArray(raw.extensions) ? (raw.extensions as Record<string, unknown>) : {};
  return new GraphQLError(message, {
    ...(path ? { path } : {}),
    extensions: { ...extensions, code: typeof extensions.code === 'string' ? extensions.code : 'DOWNSTREAM_SERVICE_ERROR', serviceName },
  });
}
