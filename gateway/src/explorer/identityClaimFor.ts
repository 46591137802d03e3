import type { RecordScope } from '@confero/directives';
import type { IdentityClaim } from '@confero/explorer';

/** The token claim a record scope reads the caller's own records from; none for `all` and `none`. */
export function identityClaimFor(scope: RecordScope): IdentityClaim | null {
  switch (scope) {
    case 'client':
      return 'clientId';
    case 'self':
      return 'shopperId';
    case 'partner':
      return 'partnerId';
    default:
      return null;
  }
}
