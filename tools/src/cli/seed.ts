import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { DEFAULT_SEED_SIZES, seedDatabase, seedIfEmpty, type SeedDatabaseOptions } from '../seed/index.ts';

// `npm run seed -- [--shoppers N] [--clients N] [--opportunities N] [--assignments N]
//   [--deliverables N] [--seed N] [--batch-size N] [--clean] [--if-empty]` into MONGODB_URI.
const usage = `usage: MONGODB_URI=mongodb://… npm run seed -- [--shoppers N] [--clients N] [--opportunities N]
       [--assignments N] [--deliverables N] [--seed N] [--batch-size N] [--clean | --if-empty]
defaults: ${Object.entries(DEFAULT_SEED_SIZES).map(([k, v]) => `${k} ${v}`).join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`seed: ${message}\n${usage}\n`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      shoppers: { type: 'string' },
      clients: { type: 'string' },
      opportunities: { type: 'string' },
      assignments: { type: 'string' },
      deliverables: { type: 'string' },
      seed: { type: 'string' },
      'batch-size': { type: 'string' },
      clean: { type: 'boolean', default: false },
      'if-empty': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const uri = process.env.MONGODB_URI;
if (!uri) fail('MONGODB_URI is not set');
if (values.clean && values['if-empty']) fail('--clean and --if-empty exclude each other');

const number = (name: string): number | undefined => {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) fail(`--${name} must be a whole number`);
  return Number(raw);
};
const options: SeedDatabaseOptions = {
  shoppers: number('shoppers'),
  clients: number('clients'),
  opportunities: number('opportunities'),
  assignments: number('assignments'),
  deliverables: number('deliverables'),
  seed: number('seed'),
  batchSize: number('batch-size'),
  clean: values.clean === true,
};

const started = performance.now();
const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
try {
  const { clean, ...rest } = options;
  const result = values['if-empty'] ? await seedIfEmpty(connection, rest) : { seeded: true, counts: await seedDatabase(connection, { ...rest, clean }) };
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const counts = Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ');
  process.stdout.write(result.seeded ? `seed: wrote ${counts} in ${seconds} s\n` : `seed: database not empty (${counts}); left as it is\n`);
} catch (err) {
  process.stderr.write(`seed: failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await connection.close();
}
