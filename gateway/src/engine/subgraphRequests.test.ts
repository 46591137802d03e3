import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { CALLER_CONTEXT_HEADER, type Caller } from '@confero/directives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../gatewayContext.ts';
import { postTargetOf } from './postJson.ts';
import { SubgraphRequests, type SubgraphTarget } from './subgraphRequests.ts';

// A loopback server whose paths misbehave in each way a subgraph can.

describe('SubgraphRequests', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const answer = JSON.stringify({ data: { shopper: { id: 'shp_1' } } });

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers });
        const json = { 'content-type': 'application/json' };
        switch (req.url) {
          case '/late-headers':
            setTimeout(() => res.writeHead(200, json).end(answer), 1000).unref();
            break;
          case '/late-body':
            res.writeHead(200, json);
            res.write(answer.slice(0, 10));
            setTimeout(() => res.end(answer.slice(10)), 1000).unref();
            break;
          case '/slow':
            setTimeout(() => res.writeHead(200, json).end(answer), 100).unref();
            break;
          case '/error-status':
            res.writeHead(500, json).end(JSON.stringify({ errors: [{ message: 'boom' }] }));
            break;
          case '/garbage':
            res.writeHead(200, json).end('{"data": {');
            break;
          case '/html':
            res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
            break;
          case '/errors-not-a-list':
            res.writeHead(200, json).end('{"errors": "no"}');
            break;
          default:
            res.writeHead(200, json).end(answer);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const target = (path: string, url = `${base}${path}`): SubgraphTarget => ({ name: 'shopper', url, post: postTargetOf(url) });
  const contextOf = (caller: Partial<Caller> = {}): GatewayContext => {
    const full: Caller = { sub: 'u1', role: 'CLIENT', purpose: 'CLIENT_REPORTING', clientId: 'cli_1', requestId: `r-${Math.random()}`, ...caller };
    // No deployment version: the requests never read it.
    return { caller: full, strict: false, explain: false, signedCaller: async () => `signed.${full.requestId}.x` } as GatewayContext;
  };
  const requests = new SubgraphRequests({ timeoutMs: 200, shareInFlightQueries: false });
  const body = '{"query":"{ shopper(id: \\"shp_1\\") { id } }"}';

  it('answers within the time, with the caller context and the request id', async () => {
    const context = contextOf();
    await expect(requests.send(target('/fast'), body, context, true)).resolves.toEqual({ data: { shopper: { id: 'shp_1' } } });
    const last = seen[seen.length - 1]!;
    expect(last.headers[CALLER_CONTEXT_HEADER]).toBe(`signed.${context.caller.requestId}.x`);
    expect(last.headers['x-request-id']).toBe(context.caller.requestId);
    expect(last.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['/late-headers', 'SUBGRAPH_TIMEOUT', 'the answer does not start in time'],
    ['/late-body', 'SUBGRAPH_TIMEOUT', 'the body does not end in time'],
    ['/error-status', 'SUBGRAPH_UNAVAILABLE', 'the status is not 2xx'],
    ['/garbage', 'SUBGRAPH_BAD_RESPONSE', 'the body is not JSON'],
    ['/html', 'SUBGRAPH_BAD_RESPONSE', 'the body is not said to be JSON'],
    ['/errors-not-a-list', 'SUBGRAPH_BAD_RESPONSE', 'errors is not a list'],
  ])('rejects %s with %s when %s', async (path, code) => {
    const failed = requests.send(target(path), body, contextOf(), true);
    await expect(failed).rejects.toMatchObject({ extensions: { code, serviceName: 'shopper' } });
    await expect(failed).rejects.not.toHaveProperty('extensions.http');
  });

  it('rejects with SUBGRAPH_UNAVAILABLE when nothing listens', async () => {
    await expect(requests.send(target('', 'http://127.0.0.1:9/graphql'), body, contextOf(), true)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
  });

  describe('sharing identical queries in flight', () => {
    const sharing = new SubgraphRequests({ timeoutMs: 2000 });
    const count = () => seen.filter((s) => s.path === '/slow').length;

    it('sends one request for the same caller claims (request ids apart), each getting its own answer', async () => {
      const before = count();
      const [a, b] = await Promise.all([sharing.send(target('/slow'), body, contextOf(), true), sharing.send(target('/slow'), body, contextOf(), true)]);
      expect(count() - before).toBe(1);
      expect(a).toEqual(b);
      expect(a).not.toBe(b);
      expect(sharing.sharedRequests).toBe(1);
    });

    it('never shares between callers whose claims differ, nor what is not shareable (mutations)', async () => {
      const before = count();
      await Promise.all([
        sharing.send(target('/slow'), body, contextOf({ clientId: 'cli_1' }), true),
        sharing.send(target('/slow'), body, contextOf({ clientId: 'cli_2' }), true),
        sharing.send(target('/slow'), body, contextOf({ clientId: 'cli_1' }), false),
      ]);
      expect(count() - before).toBe(3);
    });
  });
});
