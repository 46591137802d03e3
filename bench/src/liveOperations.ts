import type { SeedData } from '@confero/tools';
import { benchOperations, type BenchCaller } from './benchOperations.ts';

/** One operation of `npm run bench:live`, as one user would send it. */
export interface LiveOperation {
  name: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  /** The caller a real user of this screen is: role, identity and stated purpose. */
  caller: BenchCaller;
}

const SHOPPERS_50 = /* GraphQL */ `
  query Shoppers {
    shoppers(first: 50) { totalCount nodes { id name email ssn status rating } }
  }`;

/**
 * The benchmark's five operations, each sent by the restricted caller that uses that screen
 * (a client on its dashboard, customer service on the profile and the card, a partner on its
 * referral list), plus a `shoppers(first: 50)` list as customer service reads it (the README's
 * example query, fifty at a time).
 */
export function liveOperations(data: SeedData): LiveOperation[] {
  const ops = benchOperations(data).map((op) => ({ name: op.name, title: op.title, query: op.query, variables: op.variables, caller: op.restricted }));
  const support = ops.find((op) => op.name === 'shopper-card')!.caller;
  return [...ops, { name: 'shoppers-50', title: 'shoppers(first: 50), customer service', query: SHOPPERS_50, variables: {}, caller: support }];
}
