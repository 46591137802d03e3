import type { Caller } from '@confero/directives';
import { ALL_RECORDS, type ScopeFilter } from '@confero/subgraph-common';

/** What a caller may reach in the opportunity subgraph. */
export interface OpportunityScope {
  opportunities: ScopeFilter;
  assignments: ScopeFilter;
  deliverables: ScopeFilter;
  /** Whether a `Shopper` reference (for `Shopper.assignments`) resolves; its lists are scoped anyway. */
  reachesShopper(id: string): boolean;
  /** Whether a `Client` reference (for `Client.opportunities`) resolves; its lists are scoped anyway. */
  reachesClient(id: string): boolean;
}

const NOTHING: OpportunityScope = {
  opportunities: null,
  assignments: null,
  deliverables: null,
  reachesShopper: () => false,
  reachesClient: () => false,
};

/**
 * The caller's record scope as query filters (`null`: nothing):
 * - `all` → everything;
 * - `client` → the opportunities, assignments and deliverables of `caller.clientId`;
 * - `self` → every opportunity (they are public offers), but only `caller.shopperId`'s own
 *   assignments and deliverables;
 * - `partner`, `none`, or a client/self caller without its id → nothing.
 */
export function opportunityScope(caller: Caller, scope: string): OpportunityScope {
  switch (scope) {
    case 'all':
      return {
        opportunities: ALL_RECORDS,
        assignments: ALL_RECORDS,
        deliverables: ALL_RECORDS,
        reachesShopper: () => true,
        reachesClient: () => true,
      };
    case 'client': {
      const { clientId } = caller;
      if (!clientId) return NOTHING;
      return {
        opportunities: { clientId },
        assignments: { clientId },
        deliverables: { clientId },
        reachesShopper: () => true,
        reachesClient: (id) => id === clientId,
      };
    }
    case 'self': {
      const { shopperId } = caller;
      return {
        opportunities: ALL_RECORDS,
        assignments: shopperId ? { shopperId } : null,
        deliverables: shopperId ? { shopperId } : null,
        reachesShopper: (id) => id === shopperId,
        reachesClient: () => true,
      };
    }
    default:
      return NOTHING;
  }
}
