import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PackageExports } from './exportTargets.ts';

/** One workspace package as its `package.json` declares it, and its source files. */
export interface WorkspacePackage {
  name: string;
  /** The package's folder, relative to the repository root (`gateway`, `subgraphs/shopper`). */
  dir: string;
  /** `dependencies`, `optionalDependencies` and `peerDependencies`: what its code may import. */
  dependencies: ReadonlySet<string>;
  /** `devDependencies`: what its tests may import besides. */
  devDependencies: ReadonlySet<string>;
  /** The `exports` map's keys (`.`, `./testing`), or undefined without one. */
  exports: readonly string[] | undefined;
  /** Its `.ts`/`.tsx` files, relative to the repository root. */
  files: string[];
}

/** The repository as the check reads it. */
export interface Workspace {
  root: string;
  packages: WorkspacePackage[];
  /** The root `package.json`'s `devDependencies` (test tooling every package's tests may use). */
  rootDevDependencies: ReadonlySet<string>;
}

interface PackageJson {
  name?: string;
  workspaces?: string[];
  exports?: PackageExports;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const SKIP = new Set(['node_modules', 'dist', 'results', 'artifacts', '.data', '.turbo', 'coverage']);

function sourceFiles(root: string, dir: string, nested: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(join(root, at))) {
      if (SKIP.has(entry) || entry.startsWith('.')) continue;
      const path = at === '' ? entry : `${at}/${entry}`;
      if (nested.has(path)) continue; // another workspace package inside this folder
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads the root `package.json`'s workspaces and each package's declarations and files. */
export function readWorkspace(root: string): Workspace {
  const rootJson = readJson(join(root, 'package.json'));
  const dirs = (rootJson.workspaces ?? []).map((d) => d.replace(/\/$/, ''));
  const packages = dirs.map((dir): WorkspacePackage => {
    const json = readJson(join(root, dir, 'package.json'));
    const nested = new Set(dirs.filter((d) => d !== dir && d.startsWith(`${dir}/`)));
    return {
      name: json.name ?? dir,
      dir,
      dependencies: new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.optionalDependencies ?? {}), ...Object.keys(json.peerDependencies ?? {})]),
      devDependencies: new Set(Object.keys(json.devDependencies ?? {})),
      exports: json.exports === undefined ? undefined : typeof json.exports === 'string' ? ['.'] : Object.keys(json.exports),
      files: sourceFiles(root, dir, nested),
    };
  });
  return { root, packages, rootDevDependencies: new Set(Object.keys(rootJson.devDependencies ?? {})) };
}

/** `relative` with forward slashes. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}
