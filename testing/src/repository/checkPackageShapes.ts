import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from './readWorkspace.ts';

/**
 * The shape problems of a workspace's packages: each has a `package.json` with an `exports` map
 * (`{}` for one nothing imports), a `README.md`, and an entry file for each export; its code and
 * tests under `src/` (tests beside the code: no separate test folders). `test/` (whole-system
 * tests) and `bench/` (scripts) are the two packages whose files may sit outside `src/`.
 */
export function checkPackageShapes(workspace: Workspace, exists: (path: string) => boolean = (path) => existsSync(join(workspace.root, path))): string[] {
  const problems: string[] = [];
  for (const pkg of workspace.packages) {
    const json = JSON.parse(readFileSync(join(workspace.root, pkg.dir, 'package.json'), 'utf8')) as { exports?: Record<string, string> | string };
    if (json.exports === undefined) problems.push(`${pkg.dir}/package.json: no exports map ("exports": {} when nothing imports the package)`);
    else {
      const targets = typeof json.exports === 'string' ? [json.exports] : Object.values(json.exports);
      for (const target of targets) if (!exists(join(pkg.dir, target))) problems.push(`${pkg.dir}/package.json: exports ${target}, which does not exist`);
    }
    if (!exists(join(pkg.dir, 'README.md'))) problems.push(`${pkg.dir}: no README.md (what it is for, what it must not know about)`);
    const loose = pkg.name === '@confero/system-tests' || pkg.name === '@confero/bench';
    for (const file of pkg.files) {
      if (!loose && !file.startsWith(`${pkg.dir}/src/`)) problems.push(`${file}: outside ${pkg.dir}/src/`);
      if (/\/(__tests__|tests)\//.test(file)) problems.push(`${file}: in a test folder of its own; put tests beside the code`);
    }
  }
  return problems;
}
