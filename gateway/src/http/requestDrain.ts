import { Server as NetServer } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { sendGraphQLError } from './sendJson.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Counts the requests in flight so a server can stop gracefully: stop accepting connections,
 * let the requests under way finish (up to a grace period), then close every connection.
 *
 * While draining, kept-alive connections are not cut under a client that may be writing to
 * them: a request arriving on one is answered 503 `SHUTTING_DOWN` with `connection: close`,
 * and the responses of the requests in flight close their connections too.
 */
export class RequestDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private waiters: Array<() => void> = [];

  /** Requests being served right now. */
  get active(): number {
    return this.inFlight.size;
  }

  /** Wraps a request handler: counted until it settles; refused with 503 `SHUTTING_DOWN` once draining. */
  track(handler: Handler): Handler {
    return (req, res) => {
      if (this.draining) {
        res.shouldKeepAlive = false;
        sendGraphQLError(res, 'SHUTTING_DOWN', 'The gateway is shutting down; retry.');
        return;
      }
      // Counted until the handler is done, not until the socket closes: a client that hangs up
      // does not end the work (and the audit write) its request started.
      this.inFlight.add(res);
      void Promise.resolve()
        .then(() => handler(req, res))
        .catch(() => {})
        .finally(() => {
          this.inFlight.delete(res);
          if (this.inFlight.size === 0) for (const wake of this.waiters.splice(0)) wake();
        });
    };
  }

  /**
   * Stops `server` from accepting connections, waits for the requests in flight (at most
   * `graceMs`), then closes every connection. Resolves with the number of requests cut short.
   */
  async drain(server: Server, graceMs: number): Promise<number> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    // net.Server#close stops listening; http.Server#close would also drop idle kept-alive
    // connections at once, under clients that may be sending a request on them.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const cut = this.inFlight.size;
    server.closeAllConnections();
    await closed;
    return cut;
  }
}
