import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CALLER_CONTEXT_HEADER } from '@confero/directives';
import type { GatewayContext } from './gatewayContext.ts';

/**
 * Sends subgraph requests with the signed caller context (signed once per request) and the
 * request id, over Node's pooled keep-alive `fetch`.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: { name: string; url: string }) {
    super({ url: config.url, fetcher: fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = options.request.http?.headers;
    if (!headers) return;
    const context = options.context as GatewayContext | undefined;
    if (!context?.signedCaller) return; // schema loading or health checks: no caller, subgraphs refuse
    headers.set(CALLER_CONTEXT_HEADER, await context.signedCaller());
    headers.set('x-request-id', context.caller.requestId);
  }
}
