import type { Caller } from '@confero/directives';
import { ALL_RECORDS, type ScopeFilter } from '@confero/subgraph-common';

/**
 * The clients a caller may reach, as a query filter (`null`: none):
 * - `all` → every client;
 * - `client` → only `caller.clientId`;
 * - `self` → every client: a shopper sees the companies behind the (public) opportunities
 *   offered to them; the contacts' personal data stays behind `@pii`;
 * - `partner`, `none`, or a client caller without its id → none.
 */
export function clientScopeFilter(caller: Caller, scope: string): ScopeFilter {
  switch (scope) {
    case 'all':
    case 'self':
      return ALL_RECORDS;
    case 'client':
      return caller.clientId ? { _id: caller.clientId } : null;
    default:
      return null;
  }
}
