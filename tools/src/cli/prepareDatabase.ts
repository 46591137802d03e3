import { ensureFerretDbBinary, hasGo } from '../ferretDb.ts';
import { findPostgres, POSTGRES_INSTALL_HINT } from '../postgres.ts';

// Run before the tests: builds the embedded FerretDB once (a no-op when it is built, when
// MONGODB_URI points at a real deployment, or where no Go toolchain is present), and says so
// when the tests will run on FerretDB's SQLite backend for want of PostgreSQL.
if (!process.env.MONGODB_URI && hasGo()) {
  const started = Date.now();
  const path = ensureFerretDbBinary((line) => process.stdout.write(`${line}\n`));
  if (Date.now() - started > 1000) process.stdout.write(`FerretDB ready at ${path} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  if (!findPostgres() && process.env.FERRETDB_BACKEND !== 'sqlite') {
    process.stdout.write(`PostgreSQL is not installed: the tests run on FerretDB's SQLite backend, not on the engine npm start prefers; ${POSTGRES_INSTALL_HINT}\n`);
  }
}
