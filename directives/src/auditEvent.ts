/**
 * One access to personal data, as the gateway writes it to the audit store (`audit_events`)
 * before the response that carries it leaves. The gateway writes it; the shopper subgraph reads
 * it (auditors' `auditEvents`, shoppers' `myDataAccesses`); this is their shared contract.
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
  /** Ids of the shoppers whose personal data was returned. */
  shopperIds: string[];
  decisions: { allowed: number; masked: number; withheld: number };
  /** The `version` of the policy that decided the response. */
  policyVersion: string;
  /** Exactly which rules decided it: the policy's `policyDigest` (two edits of one version differ here). Absent in events written before hot reload. */
  policyDigest?: string;
  /** The gateway's deployment version (policy and supergraph) that served the response. Absent in events written before hot reload. */
  deploymentId?: string;
}

/** An audit event as stored: with its id (`aud_<ms>_<process>_<sequence>`, so ids sort in time order). */
export interface AuditRecord extends AuditEvent {
  _id: string;
}

/** Prefix of audit event ids; cursors over the trail are checked against it. */
export const AUDIT_EVENT_ID_PREFIX = 'aud_';
