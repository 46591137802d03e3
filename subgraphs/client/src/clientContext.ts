import type { Caller } from '@confero/directives';
import type { SubgraphContext } from '@confero/subgraph-common';
import { createClientData, type ClientData } from './clientData.ts';
import type { ClientModels } from './clientModel.ts';

/** The client subgraph's per-request context. */
export interface ClientContext extends SubgraphContext {
  data: ClientData;
}

/** The per-request part of the context: data access and loaders for this caller. */
export function createClientContext(models: ClientModels, caller: Caller, scope: string): { data: ClientData } {
  return { data: createClientData(models, caller, scope) };
}
