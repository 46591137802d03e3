import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPackageImports, importsOf, isTestFile, packageNameOf } from './checkPackageImports.ts';
import { readWorkspace, type Workspace, type WorkspacePackage } from './readWorkspace.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const pkg = (over: Partial<WorkspacePackage> & Pick<WorkspacePackage, 'name' | 'dir'>): WorkspacePackage => ({
  dependencies: new Set(),
  devDependencies: new Set(),
  exports: ['.'],
  files: [],
  ...over,
});

function check(files: Record<string, string>, packages: WorkspacePackage[]): string[] {
  const workspace: Workspace = { root: '/repo', packages, rootDevDependencies: new Set(['vitest']) };
  return checkPackageImports(workspace, (path) => files[path] ?? '');
}

describe('checkPackageImports', () => {
  it('finds no undeclared or upward import in this repository', () => {
    expect(checkPackageImports(readWorkspace(ROOT))).toEqual([]);
  });

  it('refuses an import its package.json does not declare', () => {
    const problems = check({ 'directives/src/a.ts': "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';" }, [pkg({ name: '@confero/directives', dir: 'directives', files: ['directives/src/a.ts'] })]);
    expect(problems).toEqual(['directives/src/a.ts: imports zod, which directives/package.json does not declare in dependencies']);
  });

  it('refuses an import of a package of the same or a higher layer', () => {
    const problems = check(
      { 'directives/src/a.ts': "import type { X } from '@confero/gateway';", 'gateway/src/b.ts': "export { schema } from '@confero/schema';" },
      [
        pkg({ name: '@confero/directives', dir: 'directives', files: ['directives/src/a.ts'], dependencies: new Set(['@confero/gateway']) }),
        pkg({ name: '@confero/gateway', dir: 'gateway', files: ['gateway/src/b.ts'], dependencies: new Set(['@confero/schema']) }),
        pkg({ name: '@confero/schema', dir: 'schema' }),
      ],
    );
    expect(problems).toEqual([
      'directives/src/a.ts: imports @confero/gateway (layer 3: @confero/schema, @confero/gateway) from layer 0: a package imports only lower layers',
      'gateway/src/b.ts: imports @confero/schema (layer 3: @confero/schema, @confero/gateway) from layer 3: a package imports only lower layers',
    ]);
  });

  it('lets tests import the testing package and the root test tooling, and nothing else does', () => {
    const files = { 'gateway/src/a.test.ts': "import { it } from 'vitest';\nimport { startDatabase } from '@confero/testing';", 'gateway/src/a.ts': "import { startDatabase } from '@confero/testing';" };
    const problems = check(files, [
      pkg({ name: '@confero/gateway', dir: 'gateway', files: ['gateway/src/a.test.ts', 'gateway/src/a.ts'], devDependencies: new Set(['@confero/testing']) }),
      pkg({ name: '@confero/testing', dir: 'testing' }),
    ]);
    expect(problems).toEqual(['gateway/src/a.ts: imports @confero/testing, which gateway/package.json does not declare in dependencies']);
  });

  it('refuses a subpath the exports map does not offer, and a relative path into another package', () => {
    const problems = check({ 'schema/src/a.ts': "import '@confero/directives/src/decide.ts';\nimport '../../directives/src/decide.ts';" }, [
      pkg({ name: '@confero/directives', dir: 'directives' }),
      pkg({ name: '@confero/schema', dir: 'schema', files: ['schema/src/a.ts'], dependencies: new Set(['@confero/directives']) }),
    ]);
    expect(problems).toEqual([
      "schema/src/a.ts: imports '@confero/directives/src/decide.ts', which directives/package.json does not export",
      "schema/src/a.ts: '../../directives/src/decide.ts' reaches into directives/src/decide.ts, outside schema/: import that package by name",
    ]);
  });
});

describe('importsOf', () => {
  it('reads static, type-only, re-exported and dynamic imports, not strings that look like them', () => {
    const source = "import a from 'a';\nimport type { B } from 'b';\nexport { c } from 'c';\nconst d = await import('d');\nconst text = \"import e from 'e'\";";
    expect(importsOf(source)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('packageNameOf and isTestFile', () => {
  it('name the package of a specifier and tell tests and test helpers from code', () => {
    expect(packageNameOf('@apollo/server/errors')).toBe('@apollo/server');
    expect(packageNameOf('graphql')).toBe('graphql');
    expect(isTestFile('gateway/src/auth/checkPurpose.test.ts')).toBe(true);
    expect(isTestFile('directives/src/testing/policies.ts')).toBe(true);
    expect(isTestFile('gateway/src/auth/checkPurpose.ts')).toBe(false);
  });
});
