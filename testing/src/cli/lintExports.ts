import { fileURLToPath } from 'node:url';
import { checkPublicSurfaces } from '../repository/checkPublicSurfaces.ts';
import { readWorkspace } from '../repository/readWorkspace.ts';

// `npm run lint:exports`: every package's entry points hold named re-exports only, and only names
// another package imports. Exit 1 with the problems on stderr. `npm test` runs the same check
// (`checkPublicSurfaces.test.ts`).

const root = fileURLToPath(new URL('../../../', import.meta.url));
const problems = checkPublicSurfaces(readWorkspace(root));
if (problems.length > 0) {
  process.stderr.write(`lint:exports: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('lint:exports: every entry point re-exports what other packages import, and nothing else\n');
