import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtTargetOf, exportTargets, SOURCE_CONDITION, type PackageExports } from './exportTargets.ts';
import type { Workspace } from './readWorkspace.ts';

/**
 * The shape problems of a workspace's packages: each has a `package.json` with an `exports` map
 * (`{}` for one nothing imports), a `README.md`, and an entry file for each export (its source;
 * a conditional entry's `default` must be that source's build in `dist/`, with a build script); its code and
 * tests under `src/` (tests beside the code: no separate test folders). `test/` (whole-system
 * tests) and `bench/` (scripts) are the two packages whose files may sit outside `src/`.
 */
export function checkPackageShapes(workspace: Workspace, exists: (path: string) => boolean = (path) => existsSync(join(workspace.root, path))): string[] {
  const problems: string[] = [];
  for (const pkg of workspace.packages) {
    const json = JSON.parse(readFileSync(join(workspace.root, pkg.dir, 'package.json'), 'utf8')) as { exports?: PackageExports; scripts?: Record<string, string> };
    if (json.exports === undefined) problems.push(`${pkg.dir}/package.json: no exports map ("exports": {} when nothing imports the package)`);
    for (const { subpath, source, built } of exportTargets(json.exports)) {
      if (!exists(join(pkg.dir, source))) problems.push(`${pkg.dir}/package.json: exports ${source}, which does not exist`);
      // A built entry must be the build of its source (the build may not exist yet: it is not checked for).
      if (built !== undefined && built !== builtTargetOf(source)) problems.push(`${pkg.dir}/package.json: exports "${subpath}" builds to ${built}, not ${builtTargetOf(source)} (the build of its "${SOURCE_CONDITION}" ${source})`);
      if (built !== undefined && !json.scripts?.build) problems.push(`${pkg.dir}/package.json: exports a build (${built}) but has no build script`);
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
