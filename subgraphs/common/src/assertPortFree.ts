import { createServer } from 'node:net';

/**
 * Rejects with a clear message when `host:port` cannot be bound (e.g. EADDRINUSE). Apollo's
 * standalone server emits an unhandled 'error' event instead, which would crash the process.
 */
export function assertPortFree(host: string, port: number, who: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`${who}: cannot listen on ${host}:${port} (${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message})`)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
