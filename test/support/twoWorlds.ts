import mongoose from 'mongoose';
import { seedDatabase, type SeedData, type SeedOptions } from '@confero/tools';
import { startTestSystem, type TestSystem } from './testSystem.ts';

/** Two whole systems on loopback, each with a database of its own: world A and world B. */
export interface TwoWorlds {
  a: TestSystem;
  b: TestSystem;
  /** The seed data (world A holds it throughout). */
  data: SeedData;
  /** Replaces every document of world B's five collections with `data`. */
  writeWorldB(data: SeedData): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startTwoWorlds}. */
export interface TwoWorldsOptions {
  /** The seed both worlds start from. */
  seed: SeedOptions;
}

/**
 * Starts two systems (database, three subgraphs, gateway each) with the same secrets, policy
 * and seed. Each gets its own embedded FerretDB; with `MONGODB_URI` set, each gets its own
 * database name on that server (`<name>_ni_a`, `<name>_ni_b`), and both are rewritten with the
 * seed first, so what an earlier run left there does not count.
 */
export async function startTwoWorlds(options: TwoWorldsOptions): Promise<TwoWorlds> {
  const external = process.env.MONGODB_URI;
  const uriFor = (world: 'a' | 'b') => (external ? withDatabaseName(external, world) : undefined);
  const started = await Promise.allSettled([
    startTestSystem({ seed: options.seed, mongoUri: uriFor('a') }),
    startTestSystem({ seed: options.seed, mongoUri: uriFor('b') }),
  ]);
  const systems = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(systems.map((s) => s.stop()));
    throw failed.reason;
  }
  const [a, b] = systems as [TestSystem, TestSystem];
  const connections: mongoose.Connection[] = [];
  const stop = async () => {
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
    await Promise.all([a.stop(), b.stop()]);
  };
  try {
    const connect = async (t: TestSystem) => {
      const connection = await mongoose.createConnection(t.system.database.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
      connections.push(connection);
      return connection;
    };
    const [connectionA, connectionB] = await Promise.all([connect(a), connect(b)]);
    const writeWorldB = async (data: SeedData) => {
      await seedDatabase(connectionB, { clean: true, data });
    };
    if (external) await Promise.all([seedDatabase(connectionA, { clean: true, data: a.data }), writeWorldB(a.data)]);
    return { a, b, data: a.data, writeWorldB, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The URI with its database name suffixed (`mongodb://h/confero` → `mongodb://h/confero_ni_a`). */
function withDatabaseName(uri: string, world: 'a' | 'b'): string {
  const url = new URL(uri);
  const name = url.pathname.replace(/^\//, '') || 'confero';
  url.pathname = `/${name}_ni_${world}`;
  return url.toString();
}
