import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPackageShapes } from './checkPackageShapes.ts';
import { readWorkspace } from './readWorkspace.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('checkPackageShapes', () => {
  it('finds every package of this repository with an exports map, a README and its code under src/', () => {
    expect(checkPackageShapes(readWorkspace(ROOT))).toEqual([]);
  });

  it('names a package without an exports map or a README, and code outside src/', () => {
    const workspace = readWorkspace(ROOT);
    const gateway = workspace.packages.find((p) => p.name === '@confero/gateway')!;
    const problems = checkPackageShapes({ ...workspace, packages: [{ ...gateway, files: [...gateway.files, 'gateway/tests/x.test.ts'] }] }, (path) => !path.endsWith('README.md'));
    expect(problems).toEqual([
      'gateway: no README.md (what it is for, what it must not know about)',
      'gateway/tests/x.test.ts: outside gateway/src/',
      'gateway/tests/x.test.ts: in a test folder of its own; put tests beside the code',
    ]);
  });
});
