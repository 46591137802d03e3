import { registerClientModels } from '@confero/subgraph-client';
import { registerOpportunityModels } from '@confero/subgraph-opportunity';
import { registerShopperModels } from '@confero/subgraph-shopper';
import type { Connection, Model } from 'mongoose';
import { generateSeedData, type SeedData, type SeedOptions } from './generateSeedData.ts';

/** Options of {@link seedDatabase}. */
export interface SeedDatabaseOptions extends SeedOptions {
  /** Delete every document of the five collections first. Default false (add to what is there). */
  clean?: boolean;
  /** Documents per `insertMany`. Default 500. */
  batchSize?: number;
  /** Data generated before (e.g. by a test that checks against it). Default: generated from the options. */
  data?: SeedData;
}

/** How many documents each collection received (or holds). */
export interface SeedCounts {
  shoppers: number;
  clients: number;
  opportunities: number;
  assignments: number;
  deliverables: number;
}

function collectionsOf(connection: Connection): Record<keyof SeedCounts, Model<any>> {
  const { Shopper } = registerShopperModels(connection);
  const { Client } = registerClientModels(connection);
  const { Opportunity, Assignment, Deliverable } = registerOpportunityModels(connection);
  return { shoppers: Shopper, clients: Client, opportunities: Opportunity, assignments: Assignment, deliverables: Deliverable };
}

/**
 * Writes the seed data through the subgraphs' models (collections and indexes created first),
 * with `insertMany` in batches; deletes what is there first only when `clean` is set. On a
 * failure it waits for the other collections' writes to settle, then throws the first error.
 */
export async function seedDatabase(connection: Connection, options: SeedDatabaseOptions = {}): Promise<SeedCounts> {
  const { clean = false, batchSize = 500, data: given, ...sizes } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`seedDatabase: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const data = given ?? generateSeedData(sizes);
  const models = collectionsOf(connection);
  await Promise.all(Object.values(models).map((m) => m.init()));
  if (clean) await Promise.all(Object.values(models).map((m) => m.deleteMany({})));
  const names = Object.keys(models) as Array<keyof SeedCounts>;
  // Settle every collection before reporting a failure: a rejection must not leave inserts in
  // flight that land after the caller has moved on (e.g. into a clean that follows).
  const outcomes = await Promise.allSettled(
    names.map(async (name) => {
      const docs = data[name];
      for (let i = 0; i < docs.length; i += batchSize) {
        await models[name].collection.insertMany(docs.slice(i, i + batchSize) as never[], { ordered: true });
      }
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  const counts = Object.fromEntries(names.map((name) => [name, data[name].length])) as unknown as SeedCounts;
  return counts;
}

/** The documents each collection holds now. */
export async function countSeedCollections(connection: Connection): Promise<SeedCounts> {
  const models = collectionsOf(connection);
  const entries = await Promise.all(
    (Object.keys(models) as Array<keyof SeedCounts>).map(async (name) => [name, await models[name].countDocuments({})] as const),
  );
  return Object.fromEntries(entries) as unknown as SeedCounts;
}

/**
 * Seeds only a database whose five collections are all empty (so a restart never duplicates
 * data); otherwise leaves it as it is and reports what it holds.
 */
export async function seedIfEmpty(
  connection: Connection,
  options: Omit<SeedDatabaseOptions, 'clean'> = {},
): Promise<{ seeded: boolean; counts: SeedCounts }> {
  const existing = await countSeedCollections(connection);
  if (Object.values(existing).some((n) => n > 0)) return { seeded: false, counts: existing };
  return { seeded: true, counts: await seedDatabase(connection, options) };
}
