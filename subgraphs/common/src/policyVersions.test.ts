import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, policyDigest, POLICY_PATH, type CompiledPolicy } from '@confero/directives';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PolicyVersions } from './policyVersions.ts';

const dir = mkdtempSync(join(tmpdir(), 'confero-policy-versions-'));
const path = join(dir, 'policy.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the shipped policy with its description changed (another digest, the same rules otherwise). */
function writeEdition(n: number): void {
  const document = JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as { description: string };
  writeFileSync(path, JSON.stringify({ ...document, description: `${document.description} (edition ${n})` }));
}

function loaded(): CompiledPolicy {
  const result = loadPolicyFile(path);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.policy;
}

describe('PolicyVersions', () => {
  let versions: PolicyVersions;
  let first: CompiledPolicy;
  beforeEach(() => {
    copyFileSync(POLICY_PATH, path);
    first = loaded();
    versions = new PolicyVersions({ policy: first, policyPath: path, keep: 2 });
  });

  it('decides a request that names no version under the current one', async () => {
    expect(await versions.resolve(undefined)).toBe(first);
  });

  it('reads the file again for a version it does not hold, and holds it from then on', async () => {
    writeEdition(1);
    const digest = policyDigest(loaded());
    expect(versions.get(digest)).toBeUndefined();
    const resolved = await versions.resolve(digest);
    expect(resolved && policyDigest(resolved)).toBe(digest);
    expect(versions.current).toBe(resolved);
    // The version it left is still held: requests a gateway decided under it are decided under it.
    expect(await versions.resolve(policyDigest(first))).toBe(first);
  });

  it('keeps the last few versions only, and refuses one it never held', async () => {
    for (const n of [1, 2]) {
      writeEdition(n);
      expect((await versions.reload()).outcome).toBe('reloaded');
    }
    expect(versions.get(policyDigest(first))).toBeUndefined(); // keep: 2
    expect(await versions.resolve(policyDigest(first))).toBeUndefined();
    expect(await versions.resolve('0000000000000000')).toBeUndefined();
  });

  it('refuses an invalid file and keeps the current version, counting the failure', async () => {
    writeFileSync(path, '{ "version": "x", "roles": 42 }');
    const result = await versions.reload();
    expect(result).toMatchObject({ outcome: 'refused', policy: first, errors: expect.arrayContaining([expect.stringContaining('roles:')]) });
    expect(versions.current).toBe(first);
    expect(versions.reloadFailures).toBe(1);
    expect((await versions.reload()).outcome).toBe('unchanged'); // the same refused file is not tried again
  });
});
