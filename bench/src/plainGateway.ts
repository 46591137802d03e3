import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { CALLER_CONTEXT_HEADER } from '@confero/directives';

/** The pre-signed caller context for a request's stated purpose (`x-purpose`). */
export type SignedCallerFor = (purpose: string | undefined) => string;

/**
 * A subgraph data source that adds a pre-signed caller context, the one of the full-access
 * caller stating the request's purpose: the subgraphs serve only signed callers, and with the
 * same caller as the privacy gateway's full-access variant they do the same work for both.
 */
export class PresignedCallerDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly signedCallerFor: SignedCallerFor,
  ) {
    super({ url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions): void {
    const purpose = 'incomingRequestContext' in options ? (options.incomingRequestContext.request.http?.headers.get('x-purpose') ?? undefined) : undefined;
    options.request.http?.headers.set(CALLER_CONTEXT_HEADER, this.signedCallerFor(purpose));
  }
}

/** Options of {@link startPlainGateway}. */
export interface PlainGatewayOptions {
  supergraphSdl: string;
  /** Subgraph URLs by subgraph name. */
  subgraphUrls: Record<string, string>;
  /** The caller context every subgraph request carries (signed once, long-lived), by the request's purpose. */
  signedCallerFor: SignedCallerFor;
}

/**
 * The baseline: `@apollo/gateway` in `@apollo/server` (standalone), default settings, no
 * privacy layer, on the same supergraph and subgraphs.
 */
export async function startPlainGateway(options: PlainGatewayOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new PresignedCallerDataSource(options.subgraphUrls[name] ?? url ?? '', options.signedCallerFor),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
