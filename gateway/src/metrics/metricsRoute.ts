import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** `GET /metrics`: the registry in the Prometheus text format. */
export function metricsRoute(registry: Registry) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}
