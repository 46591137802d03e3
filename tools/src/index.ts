export { startDatabase } from './startDatabase.ts';
export type { StartDatabaseOptions, RunningDatabase, DatabaseEngine } from './startDatabase.ts';
export { startFerretDb, ensureFerretDbBinary, FERRETDB_VERSION, REPO_ROOT } from './ferretDb.ts';
export type { FerretDbOptions, FerretDbProcess } from './ferretDb.ts';
export { findFreePort } from './findFreePort.ts';
