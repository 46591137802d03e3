import type { RecordScope } from '@confero/directives';

/** An identity claim that names the caller's own records. */
export type ScopeClaim = 'clientId' | 'partnerId' | 'shopperId';

const CLAIMS: Readonly<Record<RecordScope, ScopeClaim | undefined>> = {
  all: undefined,
  none: undefined,
  client: 'clientId',
  partner: 'partnerId',
  self: 'shopperId',
};

/**
 * The claim a token must carry for a role of this record scope: the subgraphs reach a
 * `client`-scoped caller's records through `clientId`, a `partner`'s through `partnerId`, a
 * `self`-scoped one's through `shopperId`. Without it the caller is no one in particular, so
 * its token is refused rather than served an empty scope.
 */
export function identityClaimOfScope(scope: RecordScope): ScopeClaim | undefined {
  return CLAIMS[scope];
}

