import type { Caller } from '@confero/directives';
import {
  andFilters,
  createByIdLoader,
  definedOnly,
  findByIds,
  findPage,
  type Connection,
  type PageRequest,
} from '@confero/subgraph-common';
import type DataLoader from 'dataloader';
import type { ClientDocument, ClientModels } from './clientModel.ts';
import { clientScopeFilter } from './scope.ts';

/** The `clients` list's filter arguments. */
export interface ClientFilterArgs {
  industry?: string | null;
}

/** The client subgraph's data access for one request; every read honours the caller's scope. */
export interface ClientData {
  /** Clients by id (batched); unknown or out-of-scope ids load as null. */
  clientById: DataLoader<string, ClientDocument | null>;
  /** A page of the `clients` list. */
  findClients(filter: ClientFilterArgs, page: PageRequest): Promise<Connection<ClientDocument>>;
}

/** Builds the per-request data access of the client subgraph. */
export function createClientData(models: ClientModels, caller: Caller, scope: string): ClientData {
  const { Client } = models;
  const reach = clientScopeFilter(caller, scope);
  return {
    clientById: createByIdLoader((ids) => findByIds(Client, ids, reach)),
    findClients: (filter, page) =>
      findPage(Client, reach && andFilters(reach, definedOnly({ industry: filter.industry })), page, 'asc'),
  };
}
