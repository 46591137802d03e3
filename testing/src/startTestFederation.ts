/**
 * Test support (the gateway's engine tests): three small subgraphs on loopback
 * HTTP servers — products, reviews (`@requires` on products' price and weight) and users (a
 * hop back to products) — composed into a supergraph, each recording the requests it gets.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse, type GraphQLSchema } from 'graphql';

const FEDERATION = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((i) => `"${i}"`).join(', ')}])\n`;

const PRODUCTS = [
  { upc: 'p1', name: 'Table', price: 899, weight: 100, category: 'FURNITURE' },
  { upc: 'p2', name: 'Couch', price: 1299, weight: 1000, category: 'FURNITURE' },
  { upc: 'p3', name: 'Glass', price: 15, weight: 20, category: 'KITCHEN' },
];
const USERS = [
  { id: 'u1', name: 'Ada', email: 'ada@example.test', favourite: 'p3' },
  { id: 'u2', name: 'Bob', email: 'bob@example.test', favourite: 'p1' },
];
const REVIEWS = [
  { id: 'r1', upc: 'p1', body: 'Sturdy', author: 'u1' },
  { id: 'r2', upc: 'p1', body: 'Wobbly', author: 'u2' },
  { id: 'r3', upc: 'p2', body: 'Comfy', author: 'u1' },
  { id: 'r4', upc: 'p3', body: 'Clear', author: 'u2' },
];

type Row = Record<string, unknown>;

const SUBGRAPHS: Record<string, { sdl: string; resolvers: Record<string, Record<string, unknown>> }> = {
  products: {
    sdl: `${FEDERATION(['@key', '@shareable'])}
      type Query { products: [Product!]! product(upc: String!): Product search: [SearchResult!]! }
      type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! category: Category }
      enum Category { FURNITURE KITCHEN }
      type Store { id: ID! name: String! }
      union SearchResult = Product | Store`,
    resolvers: {
      Query: {
        products: () => PRODUCTS,
        product: (_: unknown, { upc }: { upc: string }) => PRODUCTS.find((p) => p.upc === upc) ?? null,
        search: () => [PRODUCTS[0], { id: 's1', name: 'Main Street' }],
      },
      Product: { __resolveReference: (ref: Row) => PRODUCTS.find((p) => p.upc === ref.upc) ?? null },
      SearchResult: { __resolveType: (obj: Row) => ('upc' in obj ? 'Product' : 'Store') },
    },
  },
  reviews: {
    sdl: `${FEDERATION(['@key', '@external', '@requires'])}
      type Product @key(fields: "upc") {
        upc: String!
        price: Int! @external
        weight: Int! @external
        reviews: [Review!]!
        shippingEstimate: Int! @requires(fields: "price weight")
      }
      type Review { id: ID! body: String! author: User! }
      type User @key(fields: "id") { id: ID! reviews: [Review!]! }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: Row) => ref,
        reviews: (p: Row) => REVIEWS.filter((r) => r.upc === p.upc),
        shippingEstimate: (p: Row) => (p.price as number) > 1000 ? 0 : Math.round((p.weight as number) / 2),
      },
      Review: { author: (r: Row) => ({ id: r.author }) },
      User: { __resolveReference: (ref: Row) => ref, reviews: (u: Row) => REVIEWS.filter((r) => r.author === u.id) },
    },
  },
  users: {
    sdl: `${FEDERATION(['@key'])}
      type Query { me: User users: [User!]! }
      type User @key(fields: "id") { id: ID! name: String! email: String favourite: Product }
      type Product @key(fields: "upc", resolvable: false) { upc: String! }`,
    resolvers: {
      Query: { me: () => USERS[0], users: () => USERS },
      User: {
        __resolveReference: (ref: Row) => USERS.find((u) => u.id === ref.id) ?? null,
        email: (u: Row) => {
          if (u.id === 'u2') throw new Error('email unavailable');
          return u.email;
        },
        favourite: (u: Row) => ({ upc: u.favourite }),
      },
    },
  },
};

/** One request a test subgraph got. */
export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  query: string;
}

/** The test federation, running. */
export interface TestFederation {
  supergraphSdl: string;
  urls: Record<string, string>;
  /** Requests by subgraph name, in order. */
  requests: Record<string, RecordedRequest[]>;
  stop(): Promise<void>;
}

/** Starts the three subgraphs on free loopback ports and composes their supergraph. */
export async function startTestFederation(): Promise<TestFederation> {
  const requests: Record<string, RecordedRequest[]> = {};
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [name, { sdl, resolvers }] of Object.entries(SUBGRAPHS)) {
    const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
    requests[name] = [];
    const server = serve(schema, requests[name]!);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  const composed = composeServices(Object.entries(SUBGRAPHS).map(([name, { sdl }]) => ({ name, url: urls[name]!, typeDefs: parse(sdl) })));
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  return {
    supergraphSdl: composed.supergraphSdl,
    urls,
    requests,
    stop: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function serve(schema: GraphQLSchema, log: RecordedRequest[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      log.push({ headers: req.headers, query: body.query });
      const result = await graphql({ schema, source: body.query, variableValues: body.variables });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    });
  });
}
