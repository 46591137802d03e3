import type { Caller } from '@confero/directives';
import { ALL_RECORDS, type ScopeFilter } from '@confero/subgraph-common';

/**
 * The shoppers a caller may reach, as a query filter (`null`: none):
 * - `all`, `partner` → every shopper (a partner's field-level limits are the policy's job);
 * - `client` → only shoppers with an assignment for `caller.clientId`;
 * - `self` → only `caller.shopperId`;
 * - `none`, or a client/self caller without its id → nobody.
 *
 * `shopperIdsOfClient` answers the client case. It reads the opportunity subgraph's
 * `assignments` collection (the only place that knows which shoppers worked for a client):
 * one `distinct` per request, memoised by the caller, so the check is batched — never one
 * query per shopper.
 */
export async function shopperScopeFilter(
  caller: Caller,
  scope: string,
  shopperIdsOfClient: (clientId: string) => Promise<string[]>,
): Promise<ScopeFilter> {
  switch (scope) {
    case 'all':
    case 'partner':
      return ALL_RECORDS;
    case 'client':
      return caller.clientId ? { _id: { $in: await shopperIdsOfClient(caller.clientId) } } : null;
    case 'self':
      return caller.shopperId ? { _id: caller.shopperId } : null;
    default:
      return null;
  }
}

/** Whether the caller may ask for eligible shoppers (matching runs over every shopper). */
export function mayMatchShoppers(scope: string): boolean {
  return scope === 'all';
}
