import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';

/** Driver errors that mean "the database cannot be reached right now" (never a caller's mistake). */
const UNAVAILABLE = /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared)Error$/;

/**
 * A subgraph's `formatError`: an error raised because the database is unreachable becomes
 * `DATABASE_UNAVAILABLE` with a fixed message (no driver text, host or port); others pass.
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!isDatabaseUnavailable(unwrapResolverError(error))) return formatted;
  return {
    message: 'The database is unavailable; retry shortly.',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'DATABASE_UNAVAILABLE' },
  };
}

function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (UNAVAILABLE.test(e.name) || /buffering timed out|Client must be connected/.test(e.message)) return true;
  }
  return false;
}
