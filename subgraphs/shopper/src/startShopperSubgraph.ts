import { detectQueryShape, requireConnection, startSubgraphServer, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import type { Connection } from 'mongoose';
import { correctionModel } from './correctionModel.ts';
import { createShopperContext } from './shopperContext.ts';
import { registerShopperModels } from './shopperModel.ts';
import { shopperResolvers } from './resolvers.ts';
import { trafficMinGroupSizeFrom } from './trafficStats.ts';
import { shopperTypeDefs } from './typeDefs.ts';

/** Options of {@link startShopperSubgraph}. */
export type ShopperSubgraphOptions = SubgraphStartOptions & {
  /** Connection to the audit store, when it is not the subgraph's own database. Default: `connection`. */
  auditConnection?: Connection;
  /** The fewest visitors a `trafficStats` group may have to be reported. Default: `TRAFFIC_MIN_GROUP_SIZE`, else 5. */
  trafficMinGroupSize?: number;
};

/** Starts the shopper subgraph (its models' collections and indexes are created first). */
export async function startShopperSubgraph(options: ShopperSubgraphOptions): Promise<RunningSubgraph> {
  const { connection, auditConnection, trafficMinGroupSize, ...server } = options;
  requireConnection('startShopperSubgraph', connection);
  const settings = { trafficMinGroupSize: trafficMinGroupSize ?? trafficMinGroupSizeFrom(process.env) };
  if (!Number.isSafeInteger(settings.trafficMinGroupSize) || settings.trafficMinGroupSize < 2) {
    throw new Error(`startShopperSubgraph: trafficMinGroupSize must be a whole number of at least 2, got ${settings.trafficMinGroupSize}`);
  }
  const models = registerShopperModels(connection, auditConnection);
  await models.Shopper.init();
  await correctionModel(connection).init();
  const queryShape = await detectQueryShape(connection);
  return startSubgraphServer({
    ...server,
    name: 'shopper',
    queryShape,
    typeDefs: shopperTypeDefs,
    resolvers: shopperResolvers,
    createContext: (caller, scope) => createShopperContext(models, caller, scope, settings),
  });
}
