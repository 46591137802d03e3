import mongoose from 'mongoose';
import type { AuditRecord } from '@confero/directives';
import type { Identity } from '@confero/gateway';
import type { GraphQLResponse, TestSystem } from './testSystem.ts';

/** A stored audit event, as the gateway writes it. */
export type StoredEvent = AuditRecord;

export type Caller = Partial<Identity> & { role: string };

export const SUPPORT: Caller = { role: 'SUPPORT', sub: 'support-alice' };
export const AUDITOR: Caller = { role: 'AUDITOR', sub: 'auditor-bob' };

/** POSTs as `identity` stating `purpose` (and `x-request-id: clientRequestId`, if given); returns the response's request id too (the gateway's). */
export async function post(t: TestSystem, identity: Caller, purpose: string | null, query: string, variables?: Record<string, unknown>, clientRequestId?: string) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await t.token(identity)}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
      ...(clientRequestId ? { 'x-request-id': clientRequestId } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id'), body, json: JSON.parse(body) as GraphQLResponse };
}

/** The audit collection of the store at `uri`. */
export async function openAuditEvents(uri: string) {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  return { connection, events: connection.collection<StoredEvent>('audit_events') };
}

export const PII_QUERY = /* GraphQL */ `
  query AuditedShoppers($after: String) {
    first: shoppers(first: 3) { nodes { id name email ssn gender } }
    others: shoppers(first: 4, after: $after) { nodes { id policyVersion } }
  }
`;
export const CURSOR_QUERY = `query PageOne { shoppers(first: 3) { nodes { id } pageInfo { endCursor } } }`;
export const NON_PII_QUERY = `query NoPii { shoppers(first: 5) { totalCount nodes { id policyVersion } } }`;
export const AUDIT_QUERY = /* GraphQL */ `
  query AuditTrail($first: Int, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id at requestId clientRequestId subject role purpose operationName fields categories subjectIds subjectTypes shopperIds decisions { allowed masked withheld } policyVersion }
    }
  }
`;
