import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretDbBinary, FERRETDB_VERSION, hasGo, startFerretDb } from './ferretDb.ts';
import { findPostgres, POSTGRES_INSTALL_HINT, postgresUser, startPostgres, type PostgresProcess } from './postgres.ts';

/** Which engine serves the system's MongoDB URI. */
export type DatabaseEngine = 'external' | 'ferretdb' | 'mongodb-memory-server';

/** Where the embedded FerretDB keeps the data. */
export type FerretDbBackend = 'postgresql' | 'sqlite';

/** A database the system can use, and how to let go of it. */
export interface RunningDatabase {
  uri: string;
  engine: DatabaseEngine;
  /** FerretDB's storage, for the embedded FerretDB. */
  backend?: FerretDbBackend;
  /** Human-readable engine description for banners. */
  description: string;
  /** Why the engine is not the one the system prefers (e.g. PostgreSQL missing), for banners; absent when it is. */
  warning?: string;
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
  /** Port of the embedded engine (FerretDB's MongoDB port). Default: a free loopback port. */
  port?: number;
  /** Database name for the embedded engine. Default `confero`. */
  dbName?: string;
  /**
   * FerretDB's storage: `postgresql` (a PostgreSQL server of the system's own; fails where
   * PostgreSQL is not installed), `sqlite`, or `auto` (PostgreSQL where it is installed, else
   * SQLite with a `warning`). Default: `process.env.FERRETDB_BACKEND`, else `auto`.
   */
  backend?: FerretDbBackend | 'auto';
  /** Progress lines (e.g. the one-time FerretDB build). Default: silent. */
  log?: (line: string) => void;
}

/**
 * Gives the system a MongoDB URI: `MONGODB_URI` when set; else FerretDB (built with Go) where a
 * Go toolchain is present, on a PostgreSQL server of its own where PostgreSQL is installed (else
 * on SQLite); else mongodb-memory-server (which downloads a real `mongod`).
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  const external = options.uri ?? process.env.MONGODB_URI;
  if (external) {
    return { uri: external, engine: 'external', description: `MongoDB at ${redact(external)}`, stop: async () => {} };
  }
  if (hasGo()) return startEmbeddedFerretDb(options);
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

async function startEmbeddedFerretDb(options: StartDatabaseOptions): Promise<RunningDatabase> {
  const wanted = options.backend ?? parseBackend(process.env.FERRETDB_BACKEND);
  const binaries = wanted === 'sqlite' ? undefined : findPostgres();
  if (wanted === 'postgresql' && !binaries) throw new Error(`FERRETDB_BACKEND=postgresql, but PostgreSQL is not installed: ${POSTGRES_INSTALL_HINT}`);
  ensureFerretDbBinary(options.log);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'confero-database-'));
  mkdirSync(dataDir, { recursive: true });
  let postgres: PostgresProcess | undefined;
  try {
    if (binaries) {
      // PostgreSQL runs as an unprivileged user when this process is root: it must be able to reach its folder.
      if (postgresUser()) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
      postgres = await startPostgres({ dataDir: join(dataDir, 'postgresql'), binaries });
    }
    const ferret = await startFerretDb({ dataDir, port: options.port, dbName: options.dbName, postgresqlUrl: postgres?.url });
    const backend: FerretDbBackend = postgres ? 'postgresql' : 'sqlite';
    const where = postgres ? `PostgreSQL ${postgres.version} on 127.0.0.1:${postgres.port}` : 'SQLite';
    return {
      uri: ferret.uri,
      engine: 'ferretdb',
      backend,
      description: `embedded FerretDB ${FERRETDB_VERSION} (${where}) on 127.0.0.1:${ferret.port}, data in ${postgres && !postgres.dataDir.startsWith(dataDir) ? postgres.dataDir : dataDir}`,
      ...(wanted === 'auto' && !postgres ? { warning: `PostgreSQL is not installed, so FerretDB stores the data in SQLite, where most queries read whole collections (seconds, not milliseconds): ${POSTGRES_INSTALL_HINT}` } : {}),
      async stop() {
        await ferret.stop();
        await postgres?.stop();
        if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      },
      pids: () => [...(ferret.child.pid === undefined ? [] : [ferret.child.pid]), ...(postgres?.pids() ?? [])],
    };
  } catch (err) {
    await postgres?.stop();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

function parseBackend(value: string | undefined): FerretDbBackend | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'postgresql' || value === 'sqlite') return value;
  throw new Error(`FERRETDB_BACKEND must be postgresql, sqlite or auto, got ${value}`);
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
