import type { Caller } from '@confero/directives';
import type { SubgraphContext } from '@confero/subgraph-common';
import { createOpportunityData, type OpportunityData } from './opportunityData.ts';
import type { OpportunityModels } from './opportunityModels.ts';

/** The opportunity subgraph's per-request context. */
export interface OpportunityContext extends SubgraphContext {
  data: OpportunityData;
}

/** The per-request part of the context: data access and loaders for this caller. */
export function createOpportunityContext(
  models: OpportunityModels,
  caller: Caller,
  scope: string,
): { data: OpportunityData } {
  return { data: createOpportunityData(models, caller, scope) };
}
