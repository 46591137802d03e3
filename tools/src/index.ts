export { startDatabase } from './startDatabase.ts';
export type { StartDatabaseOptions, RunningDatabase, DatabaseEngine, FerretDbBackend } from './startDatabase.ts';
export { startPostgres, findPostgres, POSTGRES_INSTALL_HINT } from './postgres.ts';
export type { PostgresOptions, PostgresProcess, PostgresBinaries } from './postgres.ts';
export { startFerretDb, ensureFerretDbBinary, FERRETDB_VERSION, REPO_ROOT } from './ferretDb.ts';
export type { FerretDbOptions, FerretDbProcess } from './ferretDb.ts';
export { findFreePort } from './findFreePort.ts';
export { startSystem } from './startSystem.ts';
export type { SystemOptions, RunningSystem } from './startSystem.ts';
export { systemOptionsFromEnv } from './systemOptionsFromEnv.ts';
export {
  generateSeedData,
  resolveSeedOptions,
  DEFAULT_SEED,
  DEFAULT_SEED_SIZES,
  seedDatabase,
  seedIfEmpty,
  countSeedCollections,
  piiValuesOf,
  PII_FIELDS,
  CATEGORICAL_PII_COORDINATES,
  POLICY_VERSIONS,
} from './seed/index.ts';
export type { SeedOptions, SeedData, SeedDatabaseOptions, SeedCounts, PiiValue } from './seed/index.ts';
