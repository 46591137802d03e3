/** What one `@pii(...)` application says about a field or an object type. */
export interface PiiAnnotation {
  /** The category: one of the names the policy's `categories` declares. */
  category: string;
  /** The purposes the data was collected for (names the policy's `purposes` declares); `undefined` means any purpose the role is granted. */
  purposes?: readonly string[];
  sensitive: boolean;
  /**
   * The field takes few distinct values (`@pii(lowCardinality: true)`): a hash over it is a
   * label, so the policy check refuses `mask:hash` on it. Absent means false.
   */
  lowCardinality?: boolean;
}

/** Masking strategies a policy may name (`mask:<strategy>`). */
export const MASK_STRATEGIES = ['partial', 'hash', 'generalize', 'initials', 'redact'] as const;
export type MaskStrategy = (typeof MASK_STRATEGIES)[number];

/**
 * The record scopes every policy has, with what they reach: `all` every record, `none` none.
 * Any other scope is the deployment's own, declared in the policy's `scopes` (with the token
 * claim that names the caller's records) and interpreted by its subgraphs.
 */
export const BUILT_IN_SCOPES: Readonly<Record<'all' | 'none', string>> = Object.freeze({
  all: 'every record',
  none: 'no records',
});

/** The verified identity and stated purpose of the caller of one request. */
export interface Caller {
  /** The token's subject. */
  sub: string;
  /** The role claim; unknown roles are kept as given and denied by the policy. */
  role: string;
  /** The stated purpose (`x-purpose`), or null when none was stated. */
  purpose: string | null;
  /** The gateway's request id, carried through every subgraph for logs and audit. */
  requestId: string;
  /**
   * The digest (`policyDigest`) of the policy the gateway decided the request under: a subgraph
   * decides it under the same policy. Absent: the subgraph's current one.
   */
  policyDigest?: string;
  /**
   * The identity claims the policy's record scopes name (`scopes.<name>.claim`, e.g. a client
   * id), by claim name, as the caller's token carried them; the subgraphs reach the caller's
   * own records through them.
   */
  [claim: string]: string | null | undefined;
}
