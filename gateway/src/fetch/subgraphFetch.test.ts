import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphFetch } from './subgraphFetch.ts';

// The subgraph fetcher answers with what Apollo's RemoteGraphQLDataSource reads from a fetch Response.

describe('subgraphFetch', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/text') res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        else res.writeHead(200, [['Content-Type', 'application/json'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]).end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('sends the method, headers and body, and reads a JSON answer', async () => {
    const { fetch, done } = subgraphFetch(1000);
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: '{"query":"{ ok }"}' });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.url).toBe(`${url}/graphql`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.get('cache-control')).toBeNull();
    expect(await response.json()).toEqual({ data: { ok: true } });
    done(response);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', headers: { 'x-request-id': 'r1' }, body: '{"query":"{ ok }"}' });
  });

  it('reads an error answer as text', async () => {
    const { fetch } = subgraphFetch(1000);
    const response = await fetch(`${url}/text`, { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(502);
    expect(response.statusText).toBe('Bad Gateway');
    expect(await response.text()).toBe('bad gateway');
  });

  it('rejects when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { fetch } = subgraphFetch(1000);
    await expect(fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
