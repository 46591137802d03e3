import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { CALLER_CONTEXT_HEADER } from '@confero/directives';

/**
 * A subgraph data source that adds a pre-signed caller context: the subgraphs serve only
 * signed callers, and with one full-access context they do the same work as for the privacy
 * gateway's full-access callers. The context is read for each request, as the subgraphs accept
 * one for 60 s at most: the caller re-signs it behind the requests.
 */
export class PresignedCallerDataSource extends RemoteGraphQLDataSource {
  private readonly signedCaller: () => string;

  constructor(url: string, signedCaller: () => string) {
    super({ url });
    this.signedCaller = signedCaller;
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    request.http?.headers.set(CALLER_CONTEXT_HEADER, this.signedCaller());
  }
}

/** Options of {@link startPlainGateway}. */
export interface PlainGatewayOptions {
  supergraphSdl: string;
  /** Subgraph URLs by subgraph name. */
  subgraphUrls: Record<string, string>;
  /** The caller context every subgraph request carries: the current one (re-signed every few seconds by the caller). */
  signedCaller: () => string;
}

/**
 * The baseline: `@apollo/gateway` in `@apollo/server` (standalone), default settings, no
 * privacy layer, on the same supergraph and subgraphs.
 */
export async function startPlainGateway(options: PlainGatewayOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new PresignedCallerDataSource(options.subgraphUrls[name] ?? url ?? '', options.signedCaller),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
