import { createServer } from 'node:http';
import { CALLER_CONTEXT_HEADER } from '@confero/directives';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import type { SignedCallerFor } from './plainGateway.ts';

/** Options of {@link startHiveGateway}. */
export interface HiveGatewayOptions {
  supergraphSdl: string;
  /** Subgraph URLs by subgraph name (they replace the supergraph's). */
  subgraphUrls: Record<string, string>;
  /** The caller context every subgraph request carries (signed once, long-lived), by the request's purpose. */
  signedCallerFor: SignedCallerFor;
  /** Outbound deduplication of identical subgraph requests in flight (Hive Gateway's default: on). Default false. */
  deduplicate?: boolean;
}

/**
 * The second baseline: Hive Gateway's runtime (`@graphql-hive/gateway-runtime`) with Hive's
 * Rust query planner (`@graphql-hive/router-runtime`), no privacy layer, the pre-signed
 * full-access caller context on every subgraph request (like the plain Apollo Gateway's), and
 * outbound request deduplication off unless asked for (like for like with our gateway with
 * `SHARE_IN_FLIGHT=off`).
 */
export async function startHiveGateway(options: HiveGatewayOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const supergraph = options.supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = options.subgraphUrls[name];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : whole;
  });
  const gateway = createGatewayRuntime({
    supergraph,
    unifiedGraphHandler,
    logging: false,
    graphiql: false,
    landingPage: false,
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: options.deduplicate === true } } },
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ [CALLER_CONTEXT_HEADER]: options.signedCallerFor(request.headers.get('x-purpose') ?? undefined) }) },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}
