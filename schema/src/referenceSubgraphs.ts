import { clientTypeDefs } from '@confero/subgraph-client';
import { opportunityTypeDefs } from '@confero/subgraph-opportunity';
import { shopperTypeDefs } from '@confero/subgraph-shopper';
import type { SubgraphDefinition } from './composeSupergraph.ts';

/** Default loopback ports of the reference deployment's subgraphs. */
export const DEFAULT_SUBGRAPH_PORTS = { shopper: 4001, opportunity: 4002, client: 4003 } as const;
export type ReferenceSubgraphName = keyof typeof DEFAULT_SUBGRAPH_PORTS;

/** The three subgraphs of the reference deployment, at their default URLs. */
export function referenceSubgraphs(): SubgraphDefinition[] {
  const typeDefs = { shopper: shopperTypeDefs, opportunity: opportunityTypeDefs, client: clientTypeDefs };
  return (Object.keys(DEFAULT_SUBGRAPH_PORTS) as ReferenceSubgraphName[]).map((name) => ({
    name,
    url: `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`,
    typeDefs: typeDefs[name],
  }));
}
