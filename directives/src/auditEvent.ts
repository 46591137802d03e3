/**
 * One access to personal data, as the gateway writes it to the audit store (`audit_events`)
 * before the response that carries it leaves. The gateway writes it; a deployment's subgraphs
 * may read it (an auditor's trail, a data subject's "who looked at my data"); this is their
 * shared contract.
 */
export interface AuditEvent {
  at: Date;
  /** The gateway's id of the request (generated; never the caller's). */
  requestId: string;
  /** The caller's own `x-request-id`, when it sent one: for matching its logs, never trusted as an id. */
  clientRequestId?: string;
  /** The caller (the token's subject). */
  subject: string;
  role: string;
  purpose: string | null;
  operationName: string | null;
  /** Schema coordinates of the PII fields returned (allowed or masked). */
  fields: string[];
  categories: string[];
  /**
   * Ids of the data subjects whose personal data was returned: records of the gateway's
   * configured subject types (`AUDIT_SUBJECT_TYPES`; every type with an id when unset), or the
   * records a `via` field leads to (`AUDIT_SUBJECT_VIA`). Deduplicated.
   */
  subjectIds: string[];
  /** The types those ids are of, sorted (empty when there are none). */
  subjectTypes: string[];
  decisions: { allowed: number; masked: number; withheld: number };
  /** The `version` of the policy that decided the response. */
  policyVersion: string;
  /** Exactly which rules decided it: the policy's `policyDigest` (two edits of one version differ here). Absent in events written before hot reload. */
  policyDigest?: string;
  /** The gateway's deployment version (policy and supergraph) that served the response. Absent in events written before hot reload. */
  deploymentId?: string;
}

/**
 * An audit event as stored: with its id (`aud_<ms>_<process>_<sequence>`, so ids sort in time
 * order). Events written before data subjects were named generically carry their subjects'
 * ids in a field of their own instead of `subjectIds` (a reader of the store maps it).
 */
export interface AuditRecord extends AuditEvent {
  _id: string;
}

/** Prefix of audit event ids; cursors over the trail are checked against it. */
export const AUDIT_EVENT_ID_PREFIX = 'aud_';
