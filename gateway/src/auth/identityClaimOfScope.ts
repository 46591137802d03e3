import type { CompiledPolicy } from '@confero/directives';

/**
 * The claim a token must carry for a role of this record scope, as the policy declares it
 * (`scopes.<scope>.claim`): the subgraphs reach such a caller's own records through it. `all`
 * and `none` need none. Without it the caller is no one in particular, so its token is refused
 * rather than served an empty scope.
 */
export function identityClaimOfScope(policy: CompiledPolicy, scope: string): string | undefined {
  return policy.scopes.get(scope)?.claim;
}
