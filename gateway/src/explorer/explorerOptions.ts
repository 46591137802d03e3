import type { ExplorerExamples } from '@confero/explorer';

/** Options of the explorer page (`GatewayOptions.explorer`; present = served). */
export interface ExplorerOptions {
  /**
   * Development only: the page gets a short-lived token for the caller chosen on it
   * (`POST /explorer/token`, same-origin requests only), signed with the gateway's own HS256
   * `jwtSecret`; and the editor gets the API schema's introspection from `GET /explorer/schema`
   * for any caller holding a valid token. Turn it on only where that secret is the public
   * development default (anyone could sign such tokens anyway). Default false: users paste
   * their own token, and the editor has a schema only if INTROSPECTION is on.
   */
  devTokens?: boolean;
  /** Lifetime of a minted token, in seconds (60 to 86400). Default 900 (15 minutes). */
  devTokenLifetimeSeconds?: number;
  /** What the page shows on a first visit (the query, the role, example ids). Default: a `__typename` query, the policy's first role, no ids. */
  examples?: Partial<ExplorerExamples>;
}

/** Explorer options with defaults applied, checked. */
export interface ResolvedExplorerOptions {
  devTokens: { secret: string; lifetimeSeconds: number } | null;
  examples: ExplorerExamples;
}

export const DEFAULT_EXPLORER_QUERY = '# Run it (▶), switch callers, run again; or compare callers side by side.\n{ __typename }\n';

/** Applies defaults; throws (naming the explorer) when minting is asked for without an HS256 secret. */
export function resolveExplorerOptions(options: ExplorerOptions, jwtSecret: string | undefined): ResolvedExplorerOptions {
  const lifetimeSeconds = options.devTokenLifetimeSeconds ?? 900;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 60 || lifetimeSeconds > 86_400) {
    throw new Error(`explorer: devTokenLifetimeSeconds must be a whole number from 60 to 86400, got ${lifetimeSeconds}`);
  }
  if (options.devTokens && !jwtSecret) throw new Error('explorer: devTokens needs the HS256 jwtSecret the gateway verifies tokens with');
  return {
    devTokens: options.devTokens && jwtSecret ? { secret: jwtSecret, lifetimeSeconds } : null,
    examples: { query: DEFAULT_EXPLORER_QUERY, identities: {}, ...options.examples },
  };
}
