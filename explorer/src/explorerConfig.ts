/**
 * What the gateway tells the explorer page about itself (embedded in the page as JSON). The
 * page hard-codes no role, purpose or identity: all of it comes from the policy, through here.
 */
export interface ExplorerConfig {
  /** The policy version the gateway enforces. */
  policyVersion: string;
  /** The policy's roles, in policy order. */
  roles: ExplorerRole[];
  /** Every purpose a caller can state (the vocabulary), for purposes a role is not granted. */
  purposes: string[];
  /** The GraphQL endpoint. */
  graphqlPath: string;
  /** The policy grid page, when the gateway serves it. */
  privacyPath: string | null;
  /** Development only: where the page gets a short-lived token for a chosen caller; null in production. */
  devTokens: { path: string; lifetimeSeconds: number } | null;
  /** Development only: where the page gets the API schema's introspection (with a token); null in production. */
  schemaPath: string | null;
  /** The gateway answers `x-privacy-explain: 1` with the plan. */
  explain: boolean;
  /** What the page shows on a first visit. */
  examples: ExplorerExamples;
  /** URLs of the Monaco editor's workers. */
  workers: { editor: string; json: string; graphql: string };
}

/** A role as the explorer's caller switcher offers it. */
export interface ExplorerRole {
  name: string;
  /** The record scope: which records the role can reach at all. */
  scope: string;
  description?: string;
  /** The purposes the role may state, in policy order. */
  purposes: string[];
  /** The token claim that names the caller's own records (the policy's scope declares it), if any. */
  identity: string | null;
}

/** Example query and identities shown on a first visit. */
export interface ExplorerExamples {
  /** The first query in the editor. */
  query: string;
  /** Its variables (JSON text). */
  variables?: string;
  /** The role the page starts with. Default: the policy's first. */
  role?: string;
  /** The purpose it starts with, if the role may state it. Default: the role's first. */
  purpose?: string;
  /** An example id for each identity claim, by claim name. */
  identities: Partial<Record<string, string>>;
}
