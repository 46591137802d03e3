import type { CompiledPolicy } from '@confero/directives';
import type { ExplorerBundle, ExplorerConfig } from '@confero/explorer';
import type { ResolvedExplorerOptions } from './explorerOptions.ts';
import { identityClaimOfScope } from '../auth/identityClaimOfScope.ts';

/** Where the explorer's own routes live. */
export const EXPLORER_PATHS = {
  assets: '/explorer/assets/',
  token: '/explorer/token',
  schema: '/explorer/schema',
} as const;

/** What else the page needs to know about the gateway. */
export interface ExplorerConfigContext {
  graphqlPath: string;
  /** The policy grid page, when served. */
  privacyPath: string | null;
  /** The gateway answers `x-privacy-explain: 1`. */
  explain: boolean;
  bundle: Pick<ExplorerBundle, 'workers'>;
}

/** The page's configuration: roles, scopes and purposes from the policy, and what this gateway offers. */
export function explorerConfigFor(policy: CompiledPolicy, options: ResolvedExplorerOptions, context: ExplorerConfigContext): ExplorerConfig {
  const asset = (name: string) => `${EXPLORER_PATHS.assets}${name}`;
  return {
    policyVersion: policy.version,
    roles: [...policy.roles.values()].map((role) => ({
      name: role.name,
      scope: role.scope,
      ...(role.description ? { description: role.description } : {}),
      purposes: [...role.purposes],
      identity: identityClaimOfScope(policy, role.scope) ?? null,
    })),
    purposes: [...policy.purposes.keys()],
    graphqlPath: context.graphqlPath,
    privacyPath: context.privacyPath,
    devTokens: options.devTokens ? { path: EXPLORER_PATHS.token, lifetimeSeconds: options.devTokens.lifetimeSeconds } : null,
    schemaPath: options.devTokens ? EXPLORER_PATHS.schema : null,
    explain: context.explain,
    examples: options.examples,
    workers: { editor: asset(context.bundle.workers.editor), json: asset(context.bundle.workers.json), graphql: asset(context.bundle.workers.graphql) },
  };
}
