import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_SIZES, generateSeedData, seedDatabase, startDatabase, type RunningDatabase } from '../index.ts';
import { seedIfEmpty } from './index.ts';

const SMALL = { shoppers: 30, clients: 4, opportunities: 40, assignments: 80, deliverables: 50 };

describe('seedDatabase', () => {
  let db: RunningDatabase;
  let connection: mongoose.Connection;
  beforeAll(async () => {
    db = await startDatabase();
    connection = await mongoose.createConnection(db.uri).asPromise();
  });
  afterAll(async () => {
    await connection?.close();
    await db?.stop();
  });

  it('writes the generated documents and reports the counts', async () => {
    expect(await seedDatabase(connection, { ...SMALL, batchSize: 7 })).toEqual(SMALL);
    const data = generateSeedData(SMALL);
    const stored = await connection.collection('shoppers').findOne({ _id: data.shoppers[3]!._id as never });
    expect(stored).toEqual(data.shoppers[3]);
    const deliverable = await connection.collection('deliverables').findOne({ _id: data.deliverables[0]!._id as never });
    expect(deliverable).toEqual(data.deliverables[0]);
    expect(await connection.collection('assignments').countDocuments()).toBe(SMALL.assignments);
  });

  it('seedIfEmpty leaves a database with data as it is', async () => {
    expect(await seedIfEmpty(connection, { shoppers: 5 })).toEqual({ seeded: false, counts: SMALL });
  });

  it('replaces what is there only when asked to clean', async () => {
    const fewer = { shoppers: 5, clients: 2, opportunities: 3, assignments: 4, deliverables: 2 };
    await expect(seedDatabase(connection, fewer)).rejects.toThrow(/duplicate key/i);
    expect(await seedDatabase(connection, { ...fewer, clean: true })).toEqual(fewer);
    expect(await connection.collection('shoppers').countDocuments()).toBe(5);
  });

  it('seeds the default data set into an empty database well under a minute', async () => {
    await connection.dropDatabase();
    const started = performance.now();
    const result = await seedIfEmpty(connection);
    const seconds = (performance.now() - started) / 1000;
    expect(result).toEqual({ seeded: true, counts: DEFAULT_SEED_SIZES });
    expect(seconds).toBeLessThan(30);
    process.stdout.write(`[seed] default data set (${db.engine}) seeded in ${seconds.toFixed(1)} s\n`);
  });
});
