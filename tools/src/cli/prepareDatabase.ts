import { ensureFerretDbBinary, hasGo } from '../ferretDb.ts';

// Run before the tests: builds the embedded FerretDB once (a no-op when it is built, when
// MONGODB_URI points at a real deployment, or where no Go toolchain is present).
if (!process.env.MONGODB_URI && hasGo()) {
  const started = Date.now();
  const path = ensureFerretDbBinary((line) => process.stdout.write(`${line}\n`));
  if (Date.now() - started > 1000) process.stdout.write(`FerretDB ready at ${path} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
