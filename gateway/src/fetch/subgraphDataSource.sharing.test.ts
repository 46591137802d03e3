import { createServer, type Server } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Caller } from '@confero/directives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../gatewayContext.ts';
import { SubgraphDataSource } from './subgraphDataSource.ts';

// Identical queries of the same caller in flight together share one subgraph request; any
// difference in the caller (but its request id), the query or its variables does not.

describe('SubgraphDataSource sharing queries in flight', () => {
  let server: Server;
  let url: string;
  const received: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(String(req.headers['x-confero-caller']));
        // Answer late enough for concurrent requests to meet.
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { shopper: { id: 'shp_1', name: 'Ann' } } }));
        }, 30);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const caller = (over: Partial<Caller> = {}): Caller => ({ sub: 'u1', role: 'CLIENT', purpose: 'CLIENT_REPORTING', clientId: 'cli_1', requestId: `r-${Math.random()}`, ...over });
  const call = (source: SubgraphDataSource, who: Caller, query = '{ shopper(id: "shp_1") { id name } }', operation: 'query' | 'mutation' = 'query') => {
    const context = { caller: who, strict: false, explain: false, signedCaller: async () => `signed-for-${who.requestId}` } as GatewayContext; // (no deployment version: unread here)
    return source.process({
      kind: 'incoming operation',
      request: { query, variables: {} },
      context,
      incomingRequestContext: { operation: { operation }, context },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  };

  it('sends one request for identical concurrent queries of the same caller, and gives each its own answer', async () => {
    const source = new SubgraphDataSource({ name: 'shopper', url });
    received.length = 0;
    const [a, b] = await Promise.all([call(source, caller()), call(source, caller())]);
    expect(received).toHaveLength(1);
    expect(a.data).toEqual({ shopper: { id: 'shp_1', name: 'Ann' } });
    expect(b.data).toEqual(a.data);
    expect(b.data).not.toBe(a.data);
    expect(source.sharedRequests).toBe(1);
  });

  it('never shares between callers that differ in any claim but the request id', async () => {
    const source = new SubgraphDataSource({ name: 'shopper', url });
    received.length = 0;
    await Promise.all([
      call(source, caller()),
      call(source, caller({ clientId: 'cli_2' })),
      call(source, caller({ sub: 'u2' })),
      call(source, caller({ role: 'SUPPORT', purpose: 'SERVICES', clientId: undefined })),
      call(source, caller({ purpose: 'VERIFICATION' })),
    ]);
    expect(received).toHaveLength(5);
  });

  it('never shares mutations, different queries, or when turned off', async () => {
    const source = new SubgraphDataSource({ name: 'shopper', url });
    received.length = 0;
    const who = caller();
    await Promise.all([call(source, who, 'mutation { touch }', 'mutation'), call(source, who, 'mutation { touch }', 'mutation')]);
    await Promise.all([call(source, who, '{ a }'), call(source, who, '{ b }')]);
    const off = new SubgraphDataSource({ name: 'shopper', url, shareInFlightQueries: false });
    await Promise.all([call(off, who), call(off, who)]);
    expect(received).toHaveLength(6);
  });
});
