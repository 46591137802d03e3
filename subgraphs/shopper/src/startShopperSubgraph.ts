import { requireConnection, startSubgraphServer, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import { createShopperContext } from './shopperContext.ts';
import { registerShopperModels } from './shopperModel.ts';
import { shopperResolvers } from './resolvers.ts';
import { shopperTypeDefs } from './typeDefs.ts';

/** Options of {@link startShopperSubgraph}. */
export type ShopperSubgraphOptions = SubgraphStartOptions;

/** Starts the shopper subgraph (its models' collections and indexes are created first). */
export async function startShopperSubgraph(options: ShopperSubgraphOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startShopperSubgraph', connection);
  const models = registerShopperModels(connection);
  await models.Shopper.init();
  return startSubgraphServer({
    ...server,
    name: 'shopper',
    typeDefs: shopperTypeDefs,
    resolvers: shopperResolvers,
    createContext: (caller, scope) => createShopperContext(models, caller, scope),
  });
}
