import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import ts from 'typescript';
import { exportTargets, type PackageExports } from './exportTargets.ts';
import type { Workspace, WorkspacePackage } from './readWorkspace.ts';

/** The names a module exports through `export … from` statements, and whether it has any other statement. */
export function entryExports(source: string): { names: string[]; other: string[] } {
  const file = ts.createSourceFile('index.ts', source, ts.ScriptTarget.Latest, false);
  const names: string[] = [];
  const other: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    } else {
      other.push(statement.getText(file).split('\n')[0]!.slice(0, 80));
    }
  }
  return { names, other };
}

/** The names a module imports (or re-exports) from each specifier; `*` for a namespace import or `export *`. */
export function namedImports(source: string): Map<string, Set<string>> {
  const file = ts.createSourceFile('m.ts', source, ts.ScriptTarget.Latest, false);
  const found = new Map<string, Set<string>>();
  const add = (specifier: string, name: string) => {
    let names = found.get(specifier);
    if (!names) found.set(specifier, (names = new Set()));
    names.add(name);
  };
  for (const statement of file.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (statement.importClause?.name) add(specifier.text, 'default');
      if (bindings && ts.isNamespaceImport(bindings)) add(specifier.text, '*');
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) add(specifier.text, (e.propertyName ?? e.name).text);
    } else if (!statement.exportClause) add(specifier.text, '*');
    else if (ts.isNamedExports(statement.exportClause)) for (const e of statement.exportClause.elements) add(specifier.text, (e.propertyName ?? e.name).text);
  }
  return found;
}

/**
 * The public-surface problems of a workspace: an entry point (each file of a package's `exports`
 * map) that holds anything but named re-exports (`export { … } from '…'`), and a name it exports
 * that no other package imports. Empty when each package exports what others use and nothing else.
 */
export function checkPublicSurfaces(workspace: Workspace, read: (path: string) => string = (path) => readFileSync(join(workspace.root, path), 'utf8')): string[] {
  const problems: string[] = [];
  const used = new Map<string, Set<string>>(); // "package/subpath" → names other packages import
  for (const pkg of workspace.packages) {
    for (const file of pkg.files) {
      for (const [specifier, names] of namedImports(read(file))) {
        if (specifier.startsWith('.') || specifier === pkg.name || specifier.startsWith(`${pkg.name}/`)) continue;
        let set = used.get(specifier);
        if (!set) used.set(specifier, (set = new Set()));
        for (const name of names) set.add(name);
      }
    }
  }
  for (const pkg of workspace.packages) {
    for (const [subpath, entry] of entryFiles(workspace, pkg)) {
      const { names, other } = entryExports(read(entry));
      for (const statement of other) problems.push(`${entry}: holds more than named re-exports: ${statement}`);
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      const imported = used.get(specifier) ?? new Set<string>();
      if (imported.has('*')) continue;
      const unused = names.filter((name) => !imported.has(name));
      if (unused.length > 0) problems.push(`${entry}: exports ${unused.join(', ')}, which no other package imports`);
    }
  }
  return problems;
}

function entryFiles(workspace: Workspace, pkg: WorkspacePackage): Array<[string, string]> {
  const json = JSON.parse(readFileSync(join(workspace.root, pkg.dir, 'package.json'), 'utf8')) as { exports?: PackageExports };
  // The source entry: the build's is compiled from it.
  return exportTargets(json.exports).map(({ subpath, source }) => [subpath, normalize(join(pkg.dir, source)).split('\\').join('/')]);
}

