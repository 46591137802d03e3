import { describe, expect, it } from 'vitest';
import { builtTargetOf, exportTargets } from './exportTargets.ts';

describe('exportTargets', () => {
  it('reads the source under confero-source and the build under default', () => {
    expect(exportTargets({ '.': { 'confero-source': './src/index.ts', default: './dist/index.js' }, './x': './src/x.ts' })).toEqual([
      { subpath: '.', source: './src/index.ts', built: './dist/index.js' },
      { subpath: './x', source: './src/x.ts', built: undefined },
    ]);
  });

  it('takes a conditional entry without a source condition at its default, so the check names that file', () => {
    expect(exportTargets({ '.': { default: './dist/index.js' } })).toEqual([{ subpath: '.', source: './dist/index.js', built: './dist/index.js' }]);
    expect(exportTargets('./src/index.ts')).toEqual([{ subpath: '.', source: './src/index.ts', built: undefined }]);
    expect(exportTargets(undefined)).toEqual([]);
  });
});

describe('builtTargetOf', () => {
  it('maps a source file to its JavaScript in dist/', () => {
    expect(builtTargetOf('./src/cli/main.ts')).toBe('./dist/cli/main.js');
    expect(builtTargetOf('./src/index.tsx')).toBe('./dist/index.js');
  });
});
