import type { Identity } from '@confero/gateway';
import type { SeedData } from '@confero/tools';
import mongoose from 'mongoose';
import type { GraphQLResponse, TestSystem } from './testSystem.ts';

/** A caller as the promises tests describe it. */
export type Caller = Partial<Identity> & { role: string };

/** POSTs an operation to the gateway as `identity` stating `purpose`; returns the request id (x-request-id) too. */
export async function call(t: TestSystem, identity: Caller, purpose: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await t.token(identity)}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', body, json: JSON.parse(body) as GraphQLResponse };
}

/** The system database, as the tests inspect it behind the graph's back. */
export async function openSystemDatabase(uri: string) {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  return {
    connection,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw documents
    shoppers: connection.collection<any>('shoppers'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw documents
    corrections: connection.collection<any>('shopper_corrections'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw documents
    auditEvents: connection.collection<any>('audit_events'),
  };
}

/** A shopper of the seed. */
export type SeededShopper = SeedData['shoppers'][number];

/** Picks seeded shoppers, each at most once (so the tests of a file never share one). */
export function shopperPicker(shoppers: () => readonly SeededShopper[]): (where: (s: SeededShopper) => boolean) => SeededShopper {
  const taken = new Set<string>();
  return (where) => {
    const found = shoppers().find((s) => !taken.has(s._id) && where(s));
    if (!found) throw new Error('the seed has no such shopper left');
    taken.add(found._id);
    return found;
  };
}

/** The shopper's own caller: role SHOPPER, with the shopperId claim that names their record. */
export const shopperCaller = (s: SeededShopper): Caller => ({ role: 'SHOPPER', shopperId: s._id, sub: `user-${s._id}` });
