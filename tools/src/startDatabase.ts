import { ensureFerretDbBinary, hasGo, startFerretDb } from './ferretDb.ts';

/** Which engine serves the system's MongoDB URI. */
export type DatabaseEngine = 'external' | 'ferretdb' | 'mongodb-memory-server';

/** A database the system can use, and how to let go of it. */
export interface RunningDatabase {
  uri: string;
  engine: DatabaseEngine;
  /** Human-readable engine description for banners. */
  description: string;
  /** Stops the embedded engine (no-op for an external deployment). */
  stop(): Promise<void>;
  /** The embedded engine's processes now (benchmarks read their CPU time). Absent for an external deployment. */
  pids?(): number[];
}

/** Options of {@link startDatabase}. */
export interface StartDatabaseOptions {
  /** An external MongoDB URI. Default: `process.env.MONGODB_URI`. */
  uri?: string;
  /** Data folder of the embedded engine. Default: a temporary folder removed on stop. */
  dataDir?: string;
  /** Port of the embedded engine. Default: a free loopback port. */
  port?: number;
  /** Database name for the embedded engine. Default `confero`. */
  dbName?: string;
  /** Progress lines (e.g. the one-time FerretDB build). Default: silent. */
  log?: (line: string) => void;
}

/**
 * Gives the system a MongoDB URI: `MONGODB_URI` when set; else FerretDB (built with Go) where a
 * Go toolchain is present; else mongodb-memory-server (which downloads a real `mongod`).
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  const external = options.uri ?? process.env.MONGODB_URI;
  if (external) {
    return { uri: external, engine: 'external', description: `MongoDB at ${redact(external)}`, stop: async () => {} };
  }
  if (hasGo()) {
    ensureFerretDbBinary(options.log);
    const ferret = await startFerretDb({ dataDir: options.dataDir, port: options.port, dbName: options.dbName });
    return {
      uri: ferret.uri,
      engine: 'ferretdb',
      description: `embedded FerretDB v1.24.2 (SQLite) on 127.0.0.1:${ferret.port}, data in ${ferret.dataDir}`,
      stop: () => ferret.stop(),
      pids: () => (ferret.child.pid === undefined ? [] : [ferret.child.pid]),
    };
  }
  const { MongoMemoryServer } = await import('mongodb-memory-server').catch(() => {
    throw new Error('No MONGODB_URI, no Go toolchain to build FerretDB, and mongodb-memory-server is not installed');
  });
  const server = await MongoMemoryServer.create({
    instance: { port: options.port, dbPath: options.dataDir, ip: '127.0.0.1' },
  });
  const uri = server.getUri(options.dbName ?? 'confero');
  return {
    uri,
    engine: 'mongodb-memory-server',
    description: `embedded mongod (mongodb-memory-server) at ${uri}`,
    stop: async () => {
      await server.stop();
    },
  };
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
