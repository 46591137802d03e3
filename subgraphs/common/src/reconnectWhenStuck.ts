import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { Logger } from 'pino';

/** Options of {@link reconnectWhenStuck}. */
export interface ReconnectWhenStuckOptions {
  /** The URI the connection was opened with. */
  uri: string;
  /** The options it was opened with (used again to reopen it). */
  connectOptions: ConnectOptions;
  logger?: Logger;
  /** How long the driver may see no usable server before a fresh client is asked, in ms. Default 3000. */
  stuckAfterMs?: number;
  /** How often the driver's view is looked at, in ms. Default 1000. */
  checkEveryMs?: number;
}

/**
 * A watchdog for a MongoDB connection: when the driver has seen no usable server for
 * `stuckAfterMs` but a fresh client reaches the database at once, the connection's client is
 * stuck (met after FerretDB restarted under load: every query failed after the server selection
 * timeout for half a minute and more, while a new client worked), so the connection is closed
 * and opened again; its models carry on. Returns a function that stops the watchdog.
 */
export function reconnectWhenStuck(connection: Connection, options: ReconnectWhenStuckOptions): () => void {
  const { uri, connectOptions, logger, stuckAfterMs = 3000, checkEveryMs = 1000 } = options;
  let unusableSince: number | undefined;
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped || connection.readyState === mongoose.ConnectionStates.disconnecting) return;
    if (hasUsableServer(connection)) {
      unusableSince = undefined;
      return;
    }
    unusableSince ??= Date.now();
    if (Date.now() - unusableSince < stuckAfterMs) return;
    busy = true;
    void (async () => {
      try {
        if (!(await reachable(uri))) return; // the database is down: nothing to fix here
        logger?.warn({ unusableMs: Date.now() - unusableSince! }, 'database reachable but this connection sees no server; reconnecting');
        await Promise.race([connection.close(), new Promise((r) => setTimeout(r, 3000))]).catch(() => {});
        if (!stopped) await connection.openUri(uri, connectOptions);
        unusableSince = undefined;
      } catch (err) {
        logger?.error({ err: (err as Error).message }, 'reconnecting failed; trying again');
      } finally {
        busy = false;
      }
    })();
  }, checkEveryMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** Whether the driver knows a server it can send reads and writes to (its topology description; read-only). */
function hasUsableServer(connection: Connection): boolean {
  const topology = (connection.getClient() as unknown as { topology?: { description?: { hasDataBearingServers?: boolean } } }).topology;
  const usable = topology?.description?.hasDataBearingServers;
  return typeof usable === 'boolean' ? usable : true; // not connected yet, or an unknown driver: leave it alone
}

/** Whether a new client reaches the database within 2 s. */
async function reachable(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}
