import { createServer, type IncomingMessage, type Server } from 'node:http';
import { CALLER_CONTEXT_HEADER } from '@confero/directives';

/** A running replay proxy in front of one subgraph. */
export interface ReplayProxy {
  url: string;
  /** Requests answered from memory, forwarded to the subgraph, and TCP connections accepted (keep-alive shows as few). */
  counts: { replayed: number; forwarded: number; connections: number };
  stop(): Promise<void>;
}

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * Benchmark-only: answers a subgraph request it has seen before (same body, same caller
 * claims apart from request id and timestamps) with the recorded answer, and forwards the
 * others to the subgraph. With it the gateways are measured without the database: every
 * variant's subgraph work becomes the same near-zero cost. Never use it outside `bench/`.
 */
export async function startReplayProxy(target: string): Promise<ReplayProxy> {
  const recorded = new Map<string, Promise<Recorded>>();
  const counts = { replayed: 0, forwarded: 0, connections: 0 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const caller = req.headers[CALLER_CONTEXT_HEADER];
      const key = `${callerKey(typeof caller === 'string' ? caller : '')}\u0000${body.toString('utf8')}`;
      let answer = recorded.get(key);
      if (answer) {
        counts.replayed += 1;
      } else {
        counts.forwarded += 1;
        answer = forward(target, req, body);
        recorded.set(key, answer);
        answer.then((a) => a.status !== 200 && recorded.delete(key), () => recorded.delete(key));
      }
      const { status, contentType, body: out } = await answer;
      res.writeHead(status, { 'content-type': contentType, 'content-length': out.length });
      res.end(out);
    })().catch(() => {
      res.statusCode = 502;
      res.end();
    });
  });
  server.on('connection', () => (counts.connections += 1));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    counts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Recorded> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
  }
  const res = await fetch(target, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: Buffer.from(await res.arrayBuffer()) };
}

/** The signed caller context's claims without what changes per request (request id, issue and expiry times). */
function callerKey(token: string): string {
  const payload = token.split('.')[1];
  if (!payload) return '';
  try {
    const { rid: _rid, iat: _iat, exp: _exp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return JSON.stringify(Object.entries(claims).sort(([a], [b]) => a.localeCompare(b)));
  } catch {
    return token;
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
