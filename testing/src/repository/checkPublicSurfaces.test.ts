import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPublicSurfaces, entryExports, namedImports } from './checkPublicSurfaces.ts';
import { readWorkspace } from './readWorkspace.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('checkPublicSurfaces', () => {
  it('finds every entry point of this repository made of named re-exports that other packages import', () => {
    expect(checkPublicSurfaces(readWorkspace(ROOT))).toEqual([]);
  });
});

describe('entryExports', () => {
  it('lists the names re-exported and whatever else the entry point holds', () => {
    const { names, other } = entryExports("export { a, b as c } from './a.ts';\nexport type { D } from './d.ts';\nexport const e = 1;\nexport * from './f.ts';");
    expect(names).toEqual(['a', 'c', 'D']);
    expect(other).toEqual(['export const e = 1;', "export * from './f.ts';"]);
  });
});

describe('namedImports', () => {
  it('gives the names each specifier is imported or re-exported with, by their exported name', () => {
    const found = namedImports("import x, { a as b, type C } from 'p';\nimport * as ns from 'q';\nexport { d } from 'p';");
    expect(found).toEqual(new Map([['p', new Set(['default', 'a', 'C', 'd'])], ['q', new Set(['*'])]]));
  });
});
