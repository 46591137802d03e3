import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { layerOf, PACKAGE_LAYERS, TESTING_PACKAGE } from './packageLayers.ts';
import type { Workspace, WorkspacePackage } from './readWorkspace.ts';

const BUILTINS = new Set(builtinModules);

/** A test file, or a test helper of its package (under a `testing/` folder): may use dev dependencies and `@confero/testing`. */
export function isTestFile(path: string): boolean {
  return /\.test\.tsx?$/.test(path) || /(^|\/)src\/testing\//.test(path);
}

/** The package a bare specifier names (`@apollo/server/errors` → `@apollo/server`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every module specifier a file imports or re-exports (static, type-only and dynamic imports). */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The import problems of a workspace: an import that its package does not declare in
 * `package.json`; one of a package of the same or a higher layer (`PACKAGE_LAYERS`), except
 * `@confero/testing` from tests; a subpath that the package's `exports` map does not offer; a
 * relative import that reaches into another package's folder. Empty when the layering holds.
 */
export function checkPackageImports(workspace: Workspace, read: (path: string) => string = (path) => readFileSync(join(workspace.root, path), 'utf8')): string[] {
  const problems: string[] = [];
  const byName = new Map(workspace.packages.map((p) => [p.name, p]));
  for (const pkg of workspace.packages) {
    if (layerOf(pkg.name) === undefined) problems.push(`${pkg.dir}/package.json: ${pkg.name} is in no layer of PACKAGE_LAYERS`);
    for (const file of pkg.files) {
      for (const specifier of new Set(importsOf(read(file)))) {
        const problem = checkImport(workspace, byName, pkg, file, specifier);
        if (problem) problems.push(`${file}: ${problem}`);
      }
    }
  }
  return problems;
}

function checkImport(workspace: Workspace, byName: ReadonlyMap<string, WorkspacePackage>, pkg: WorkspacePackage, file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = normalize(join(dirname(file), specifier)).split('\\').join('/');
    return target === pkg.dir || target.startsWith(`${pkg.dir}/`) ? undefined : `'${specifier}' reaches into ${target}, outside ${pkg.dir}/: import that package by name`;
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return undefined;
  const name = packageNameOf(specifier);
  const test = isTestFile(file);
  if (name === pkg.name) return `imports its own package by name ('${specifier}'): use a relative import`;
  const declared = pkg.dependencies.has(name) || (test && (pkg.devDependencies.has(name) || (!byName.has(name) && workspace.rootDevDependencies.has(name))));
  if (!declared) return `imports ${name}, which ${pkg.dir}/package.json does not declare${test ? ' (dependencies or devDependencies)' : ' in dependencies'}`;
  const target = byName.get(name);
  if (!target) return undefined;
  const from = layerOf(pkg.name);
  const to = layerOf(name);
  const allowedForTests = test && name === TESTING_PACKAGE && pkg.name !== TESTING_PACKAGE;
  if (from !== undefined && to !== undefined && to >= from && !allowedForTests) {
    return `imports ${name} (layer ${to}: ${PACKAGE_LAYERS[to]!.join(', ')}) from layer ${from}: a package imports only lower layers`;
  }
  const subpath = specifier === name ? '.' : `.${specifier.slice(name.length)}`;
  if (!target.exports?.includes(subpath)) return `imports '${specifier}', which ${target.dir}/package.json does not export`;
  return undefined;
}
