import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';

// A reference gateway for the federation audit, started by gateway.sh with GATEWAY=plain-apollo or
// GATEWAY=plain-hive: no privacy layer, default settings, the supergraph's own subgraph URLs.
//   plain-apollo: @apollo/gateway in @apollo/server, as the audit's gateways/apollo-gateway/run.ts
//                 (the same @apollo/gateway as this gateway's QUERY_PLANNER=apollo engine)
//   plain-hive:   Hive Gateway's runtime with Hive's Rust query planner (@graphql-hive/router-runtime),
//                 the planner behind QUERY_PLANNER=hive, executed by Hive Gateway instead of HiveEngine
// Both answer POST /graphql and GET /health (200 once the gateway is ready). The port is opened
// first and requests wait for the gateway: Hive Gateway's runtime takes 5-7 s to load on a loaded
// 2-core machine, past the audit's health-check budget, and a request that waits is still measured.
const { values } = parseArgs({ options: { supergraph: { type: 'string' }, port: { type: 'string' }, kind: { type: 'string' } } });
const supergraphSdl = readFileSync(values.supergraph ?? 'supergraph.graphql', 'utf8');
const port = Number(values.port ?? 4000);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function plainApollo(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer, HeaderMap } = await import('@apollo/server');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  await server.start();
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200).end('OK');
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const text = await readBody(req);
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: text ? JSON.parse(text) : undefined },
      context: async () => ({}),
    });
    const responseHeaders = Object.fromEntries(result.headers);
    res.writeHead(result.status ?? 200, responseHeaders);
    if (result.body.kind === 'complete') res.end(result.body.string);
    else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };
}

async function plainHive(): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const { unifiedGraphHandler } = await import('@graphql-hive/router-runtime');
  const gateway = createGatewayRuntime({ supergraph: supergraphSdl, unifiedGraphHandler, logging: false, graphiql: false, landingPage: false });
  return (req, res) => {
    if (req.url === '/health') req.url = '/healthcheck';
    void gateway(req, res);
  };
}

// Hive Gateway's runtime waits for its own graceful shutdown on SIGTERM; the audit waits for the exit.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));

const handler: Promise<(req: IncomingMessage, res: ServerResponse) => unknown> = values.kind === 'plain-hive' ? plainHive() : plainApollo();
createServer((req, res) => void handler.then((handle) => handle(req, res))).listen(port, '127.0.0.1');
await handler;
process.stdout.write(`${values.kind} ready on ${port}\n`);
