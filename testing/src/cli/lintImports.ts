import { fileURLToPath } from 'node:url';
import { checkPackageImports } from '../repository/checkPackageImports.ts';
import { readWorkspace } from '../repository/readWorkspace.ts';

// `npm run lint:imports`: every import declared in its package's package.json, and no import of
// a package of the same or a higher layer (`PACKAGE_LAYERS`). Exit 1 with the problems on stderr.
// `npm test` runs the same check (`checkPackageImports.test.ts`).

const root = fileURLToPath(new URL('../../../', import.meta.url));
const problems = checkPackageImports(readWorkspace(root));
if (problems.length > 0) {
  process.stderr.write(`lint:imports: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('lint:imports: every import is declared and points down the layers\n');
