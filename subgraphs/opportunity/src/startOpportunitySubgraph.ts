import { detectQueryShape, requireConnection, startSubgraphServer, type RunningSubgraph, type SubgraphStartOptions } from '@confero/subgraph-common';
import { createOpportunityContext } from './opportunityContext.ts';
import { registerOpportunityModels } from './opportunityModels.ts';
import { opportunityResolvers } from './resolvers.ts';
import { opportunityTypeDefs } from './typeDefs.ts';

/** Options of {@link startOpportunitySubgraph}. */
export type OpportunitySubgraphOptions = SubgraphStartOptions;

/** Starts the opportunity subgraph (its models' collections and indexes are created first). */
export async function startOpportunitySubgraph(options: OpportunitySubgraphOptions): Promise<RunningSubgraph> {
  const { connection, ...server } = options;
  requireConnection('startOpportunitySubgraph', connection);
  const models = registerOpportunityModels(connection);
  await Promise.all([models.Opportunity.init(), models.Assignment.init(), models.Deliverable.init()]);
  const queryShape = await detectQueryShape(connection);
  return startSubgraphServer({
    ...server,
    name: 'opportunity',
    queryShape,
    typeDefs: opportunityTypeDefs,
    resolvers: opportunityResolvers,
    createContext: (caller, scope) => createOpportunityContext(models, caller, scope),
  });
}
