import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from './readWorkspace.ts';

/** The packages that make up the mechanism: they serve any deployment, so they name none. */
export const GENERIC_PACKAGES: readonly string[] = ['@confero/directives', '@confero/gateway', '@confero/subgraph-common'];

/** The reference deployment's own type names that the generic packages must not know. */
const REFERENCE_TYPES = ['Shopper', 'Deliverable', 'PostalAddress', 'BankAccount'];

/** Tests and test fixtures may name the reference deployment: `*.test.ts`, `testing/` folders, `test*.ts` files. */
const isTestCode = (path: string): boolean => /\.test\.tsx?$/.test(path) || /(^|\/)testing\//.test(path) || /(^|\/)test[A-Z][^/]*\.tsx?$/.test(path);

/**
 * Where the generic packages' code (tests and test fixtures aside) names one of the reference
 * deployment's types (`types`, default the reference deployment's: `Shopper`, …) or roles (`roles`,
 * the shipped policy's: `PARTNER`, …; another deployment's may be checked the same way), as
 * `path:line: NAME`. Empty when the mechanism knows no deployment: its vocabulary, invariants and
 * settings come from the deployment's policy, invariants file and configuration.
 */
export function checkReferenceNames(workspace: Workspace, roles: readonly string[], types: readonly string[] = REFERENCE_TYPES): string[] {
  const names = new RegExp(`\\b(${[...types, ...roles].join('|')})\\b`, 'g');
  const found: string[] = [];
  for (const pkg of workspace.packages) {
    if (!GENERIC_PACKAGES.includes(pkg.name)) continue;
    for (const file of pkg.files) {
      if (isTestCode(file)) continue;
      readFileSync(join(workspace.root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(names)) found.push(`${file}:${i + 1}: ${match[1]}`);
        });
    }
  }
  return found;
}
