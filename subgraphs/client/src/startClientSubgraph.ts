import { detectQueryShape, requireConnection, startSubgraphServer, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import { createClientContext } from './clientContext.ts';
import { registerClientModels } from './clientModel.ts';
import { clientResolvers } from './resolvers.ts';
import { clientTypeDefs } from './typeDefs.ts';

/** Options of {@link startClientSubgraph}. */
export type ClientSubgraphOptions = SubgraphStartOptions;

/** Starts the client subgraph (its models' collections and indexes are created first). */
export async function startClientSubgraph(options: ClientSubgraphOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startClientSubgraph', connection);
  const models = registerClientModels(connection);
  await models.Client.init();
  const queryShape = await detectQueryShape(connection);
  return startSubgraphServer({
    ...server,
    name: 'client',
    queryShape,
    typeDefs: clientTypeDefs,
    resolvers: clientResolvers,
    createContext: (caller, scope) => createClientContext(models, caller, scope),
  });
}
