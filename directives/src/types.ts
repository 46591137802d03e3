import type { PiiCategory, Purpose } from './piiDirectiveSdl.ts';

/** What one `@pii(...)` application says about a field or an object type. */
export interface PiiAnnotation {
  category: PiiCategory;
  /** The purposes the data was collected for; `undefined` means any purpose the role is granted. */
  purposes?: readonly Purpose[];
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

/** Record-level scopes: which records a role may reach at all (applied in the subgraphs). */
export const RECORD_SCOPES = ['all', 'client', 'self', 'partner', 'none'] as const;
export type RecordScope = (typeof RECORD_SCOPES)[number];

/** The verified identity and stated purpose of the caller of one request. */
export interface Caller {
  /** The token's subject. */
  sub: string;
  /** The role claim; unknown roles are kept as given and denied by the policy. */
  role: string;
  /** The stated purpose (`x-purpose`), or null when none was stated. */
  purpose: Purpose | null;
  clientId?: string;
  partnerId?: string;
  shopperId?: string;
  /** The gateway's request id, carried through every subgraph for logs and audit. */
  requestId: string;
  /**
   * The digest (`policyDigest`) of the policy the gateway decided the request under: a subgraph
   * decides it under the same policy. Absent: the subgraph's current one.
   */
  policyDigest?: string;
}
