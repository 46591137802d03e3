import { unwrapResolverError } from '@apollo/server/errors';
import { ERRORS } from '@confero/directives';
import type { GraphQLFormattedError } from 'graphql';
import mongoose from 'mongoose';
import type { Logger } from 'pino';

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoServerError } = mongoose.mongo;

/** Server error codes that mean "not reachable or shutting down" (the driver's network and state-change codes). */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);
const UNAVAILABLE_NAMES = new Set(['MongooseServerSelectionError', 'MongoPoolClosedError', 'MongoWaitQueueTimeoutError', 'MongoClientClosedError']);
/** Socket errors the driver can pass on as they are (e.g. EPIPE when the database dies during a write). */
const NETWORK_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ENOTCONN', 'ETIMEDOUT']);

/**
 * A subgraph's `formatError`: an error raised because the database is unreachable becomes
 * `DATABASE_UNAVAILABLE` with a fixed message (no driver text, host or port); others pass.
 * `log` gets the name and code of every unexpected error (never its message: it may quote data).
 */
export function createFormatSubgraphError(log?: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (!isDatabaseUnavailable(original)) {
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' || formatted.extensions?.code === undefined) {
        log?.warn({ errName: (original as Error)?.name, errCode: (original as { code?: unknown })?.code, path: formatted.path }, 'unexpected error');
      }
      return formatted;
    }
    return {
      message: 'The database is unavailable; retry shortly.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ERRORS.DATABASE_UNAVAILABLE.code },
    };
  };
}

/**
 * FerretDB answers `InternalError` (code 1) when the storage behind it, its PostgreSQL server,
 * is gone: it cannot connect (`failed to connect to`, `connection refused`), or the server is
 * shutting down or restarting (SQLSTATE class 57P, connection exceptions class 08).
 */
function storageUnreachable(e: Error): boolean {
  return e instanceof MongoServerError && e.code === 1 && /failed to connect to|connection refused|SQLSTATE (57P0\d|08\w{3})/.test(e.message);
}

/** True for driver errors that mean "the database cannot be reached right now" (never a caller's mistake). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (
      e instanceof MongoNetworkError ||
      e instanceof MongoServerSelectionError ||
      e instanceof MongoNotConnectedError ||
      e instanceof MongoTopologyClosedError ||
      (e instanceof MongoServerError && typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) ||
      UNAVAILABLE_NAMES.has(e.name) ||
      NETWORK_ERROR_CODES.has(String((e as { code?: unknown }).code)) ||
      /buffering timed out|Client must be connected/.test(e.message) ||
      storageUnreachable(e)
    ) {
      return true;
    }
  }
  return false;
}
