import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchFiles } from './watchFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'confero-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves with the number of calls once `onChange` has been called and then nothing for a while. */
function changesDuring(path: string, act: () => void | Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    let settled: NodeJS.Timeout | undefined;
    const watch = watchFiles({
      paths: [path],
      debounceMs: 100,
      onError: reject,
      onChange: () => {
        calls += 1;
        clearTimeout(settled);
        settled = setTimeout(() => {
          watch.close();
          resolve(calls);
        }, 500);
      },
    });
    Promise.resolve(act()).catch(reject);
  });
}

describe('watchFiles', () => {
  it('calls once for a burst of writes to a watched file', async () => {
    const path = join(dir, 'policy.json');
    writeFileSync(path, '{}');
    const calls = await changesDuring(path, async () => {
      for (let i = 0; i < 5; i += 1) writeFileSync(path, `{"n":${i}}`);
    });
    expect(calls).toBe(1);
  });

  it('sees a file replaced by a rename, as editors and config maps do', async () => {
    const path = join(dir, 'supergraph.graphql');
    writeFileSync(path, 'type Query { a: Int }');
    const calls = await changesDuring(path, () => {
      writeFileSync(`${path}.tmp`, 'type Query { b: Int }');
      renameSync(`${path}.tmp`, path);
    });
    expect(calls).toBe(1);
  });

  it('refuses to watch nothing', () => {
    expect(() => watchFiles({ paths: [], onChange: () => {} })).toThrow(/at least one file/);
  });
});
