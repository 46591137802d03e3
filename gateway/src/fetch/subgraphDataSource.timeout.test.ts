import { createServer, type Server } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../gatewayContext.ts';
import { SubgraphDataSource } from './subgraphDataSource.ts';

// Each subgraph request is bounded by `timeoutMs` from the request to the end of its body.

describe('SubgraphDataSource timing out', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = JSON.stringify({ data: { shopper: { id: 'shp_1' } } });
        if (req.url === '/late-headers') setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(answer), 1000).unref();
        else if (req.url === '/late-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(answer.slice(0, 10));
          setTimeout(() => res.end(answer.slice(10)), 1000).unref();
        } else res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const call = (path: string) => {
    const source = new SubgraphDataSource({ name: 'shopper', url: `${url}${path}`, timeoutMs: 200, shareInFlightQueries: false });
    const context = {
      caller: { sub: 'u1', role: 'CLIENT', purpose: null, requestId: 'r1' },
      strict: false,
      explain: false,
      signedCaller: async () => 'signed',
    } as GatewayContext; // (no deployment version: unread here)
    return source.process({
      kind: 'incoming operation',
      request: { query: '{ shopper(id: "shp_1") { id } }', variables: {} },
      context,
      incomingRequestContext: { operation: { operation: 'query' }, context },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  };

  it('answers within the time', async () => {
    expect((await call('/fast')).data).toEqual({ shopper: { id: 'shp_1' } });
  });

  it('gives SUBGRAPH_TIMEOUT when the answer does not start in time', async () => {
    await expect(call('/late-headers')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_TIMEOUT' } });
  });

  it('gives SUBGRAPH_TIMEOUT when the body does not end in time', async () => {
    await expect(call('/late-body')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_TIMEOUT' } });
  });
});
