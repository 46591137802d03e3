import { requireConnection, startSubgraphServer, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import type { Connection } from 'mongoose';
import { createShopperContext } from './shopperContext.ts';
import { registerShopperModels } from './shopperModel.ts';
import { shopperResolvers } from './resolvers.ts';
import { shopperTypeDefs } from './typeDefs.ts';

/** Options of {@link startShopperSubgraph}. */
export type ShopperSubgraphOptions = SubgraphStartOptions & {
  /** Connection to the audit store, when it is not the subgraph's own database. Default: `connection`. */
  auditConnection?: Connection;
};

/** Starts the shopper subgraph (its models' collections and indexes are created first). */
export async function startShopperSubgraph(options: ShopperSubgraphOptions): Promise<RunningSubgraph> {
  const { connection, auditConnection, ...server } = options;
  requireConnection('startShopperSubgraph', connection);
  const models = registerShopperModels(connection, auditConnection);
  await models.Shopper.init();
  return startSubgraphServer({
    ...server,
    name: 'shopper',
    typeDefs: shopperTypeDefs,
    resolvers: shopperResolvers,
    createContext: (caller, scope) => createShopperContext(models, caller, scope),
  });
}
