import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile, policyDigest } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run policy-digest`, as a subgraph team runs it: a real process, its answer against the digest the gateway names.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = (args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=confero-source', join(ROOT, 'schema/src/cli/policyDigest.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'POLICY_PATH' && k !== 'POLICY_INVARIANTS_PATH')) });

describe('npm run policy-digest', () => {
  it("prints the digest the gateway names the shipped policy by, and another for the clinic's", () => {
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const shipped = run([]);
    expect(shipped.stderr).toBe('');
    expect(shipped.stdout).toBe(`${policyDigest(loaded.policy)}\n`);
    const clinic = run(['--policy', join(ROOT, 'examples/clinic/policy.json')]);
    expect(clinic.stdout).toMatch(/^[0-9a-f]{16}\n$/);
    expect(clinic.stdout).not.toBe(shipped.stdout);
  });

  it('exits 2 on an invalid policy, saying why, and prints no digest', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'confero-digest-')), 'policy.json');
    writeFileSync(path, '{ "version": "x" }');
    const result = run(['--policy', path]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/is invalid:[\s\S]*roles/);
  });
});
