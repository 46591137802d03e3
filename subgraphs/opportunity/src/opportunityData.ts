import type { Caller } from '@confero/directives';
import {
  andFilters,
  createByIdLoader,
  createChildListLoader,
  createChildPageLoader,
  definedOnly,
  findByIds,
  findByParents,
  findPage,
  type ChildPageKey,
  type Connection,
  type PageRequest,
} from '@confero/subgraph-common';
import type DataLoader from 'dataloader';
import type {
  AssignmentDocument,
  DeliverableDocument,
  OpportunityDocument,
  OpportunityModels,
  OpportunityStatus,
  VerificationStatus,
} from './opportunityModels.ts';
import { opportunityScope } from './scope.ts';

export interface OpportunityFilterArgs {
  clientId?: string | null;
  status?: OpportunityStatus | null;
}

export interface DeliverableFilterArgs {
  opportunityId?: string | null;
  clientId?: string | null;
  verificationStatus?: VerificationStatus | null;
}

/** A reference to an entity another subgraph owns. */
export interface EntityReference<T extends string> {
  __typename: T;
  id: string;
}

/** The opportunity subgraph's data access for one request; every read honours the caller's scope. */
export interface OpportunityData {
  opportunityById: DataLoader<string, OpportunityDocument | null>;
  assignmentById: DataLoader<string, AssignmentDocument | null>;
  deliverableById: DataLoader<string, DeliverableDocument | null>;
  findOpportunities(filter: OpportunityFilterArgs, page: PageRequest): Promise<Connection<OpportunityDocument>>;
  /** Newest first (descending id; ids are allocated in `submittedAt` order). */
  findDeliverables(filter: DeliverableFilterArgs, page: PageRequest): Promise<Connection<DeliverableDocument>>;
  /** `Opportunity.assignments`, by opportunity id. */
  assignmentsByOpportunity: DataLoader<ChildPageKey, Connection<AssignmentDocument>, string>;
  /** `Shopper.assignments`, by shopper id, newest first. */
  assignmentsByShopper: DataLoader<ChildPageKey, Connection<AssignmentDocument>, string>;
  /** `Client.opportunities`, by client id (`where` may carry `status`). */
  opportunitiesByClient: DataLoader<ChildPageKey, Connection<OpportunityDocument>, string>;
  /** `Assignment.deliverables`, by assignment id. */
  deliverablesByAssignment: DataLoader<string, DeliverableDocument[]>;
  /** The `Shopper` this subgraph contributes to, or null when out of scope. */
  shopperReference(id: string): EntityReference<'Shopper'> | null;
  /** The `Client` this subgraph contributes to, or null when out of scope. */
  clientReference(id: string): EntityReference<'Client'> | null;
}

/** Builds the per-request data access of the opportunity subgraph. */
export function createOpportunityData(models: OpportunityModels, caller: Caller, scope: string): OpportunityData {
  const { Opportunity, Assignment, Deliverable } = models;
  const reach = opportunityScope(caller, scope);

  const opportunityById = createByIdLoader((ids) => findByIds(Opportunity, ids, reach.opportunities));
  const assignmentById = createByIdLoader((ids) => findByIds(Assignment, ids, reach.assignments));
  const deliverableById = createByIdLoader((ids) => findByIds(Deliverable, ids, reach.deliverables));
  // Lists read with the same scope as the by-id loaders, so what they fetch can prime them.
  const primed =
    <T extends { _id: string }>(loader: DataLoader<string, T | null>) =>
    (records: T[]): T[] => {
      for (const r of records) loader.prime(r._id, r);
      return records;
    };

  return {
    opportunityById,
    assignmentById,
    deliverableById,
    findOpportunities: (filter, page) =>
      findPage(
        Opportunity,
        reach.opportunities && andFilters(reach.opportunities, definedOnly({ clientId: filter.clientId, status: filter.status })),
        page,
        'asc',
      ),
    findDeliverables: (filter, page) =>
      findPage(
        Deliverable,
        reach.deliverables &&
          andFilters(
            reach.deliverables,
            definedOnly({
              opportunityId: filter.opportunityId,
              clientId: filter.clientId,
              verificationStatus: filter.verificationStatus,
            }),
          ),
        page,
        'desc',
      ),
    assignmentsByOpportunity: createChildPageLoader({
      fetchChildren: async (ids) => primed(assignmentById)(await findByParents(Assignment, 'opportunityId', ids, reach.assignments)),
      parentIdOf: (a) => a.opportunityId,
      order: 'asc',
    }),
    assignmentsByShopper: createChildPageLoader({
      fetchChildren: async (ids) => primed(assignmentById)(await findByParents(Assignment, 'shopperId', ids, reach.assignments)),
      parentIdOf: (a) => a.shopperId,
      order: 'desc',
    }),
    opportunitiesByClient: createChildPageLoader({
      fetchChildren: async (ids, where) =>
        primed(opportunityById)(await findByParents(Opportunity, 'clientId', ids, reach.opportunities, where)),
      parentIdOf: (o) => o.clientId,
      order: 'asc',
    }),
    deliverablesByAssignment: createChildListLoader(
      async (ids) => primed(deliverableById)(await findByParents(Deliverable, 'assignmentId', ids, reach.deliverables)),
      (d) => d.assignmentId,
    ),
    shopperReference: (id) => (reach.reachesShopper(id) ? { __typename: 'Shopper', id } : null),
    clientReference: (id) => (reach.reachesClient(id) ? { __typename: 'Client', id } : null),
  };
}
