import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_PATH } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { checkReferenceNames } from './checkReferenceNames.ts';
import { readWorkspace } from './readWorkspace.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROLES = Object.keys((JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as { roles: object }).roles);

describe('checkReferenceNames', () => {
  it("finds no type or role of the reference deployment in the code of directives, gateway and subgraph-common (tests aside)", () => {
    expect(ROLES).toContain('PARTNER');
    expect(checkReferenceNames(readWorkspace(ROOT), ROLES)).toEqual([]);
  });

  it("finds no type or role of the clinic example either (examples/clinic: the second deployment)", () => {
    const clinic = JSON.parse(readFileSync(new URL('../../../examples/clinic/policy.json', import.meta.url), 'utf8')) as { roles: object };
    const roles = Object.keys(clinic.roles);
    expect(roles).toContain('RESEARCHER');
    expect(checkReferenceNames(readWorkspace(ROOT), roles, ['Patient', 'Appointment', 'Invoice', 'Consents'])).toEqual([]);
  });

  it('names the file, the line and the name it finds, and leaves tests, fixtures and other packages alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'confero-names-'));
    const files: Record<string, string> = {
      'directives/src/decide.ts': "// one\nconst role = 'PARTNER'; // of a Shopper, not a ShopperConnection\n",
      'directives/src/decide.test.ts': "const role = 'PARTNER';\n",
      'directives/src/testing/policies.ts': "const role = 'PARTNER';\n",
      'gateway/src/privacy/testFixtures.ts': 'type Shopper = {};\n',
      'gateway/src/main.ts': 'const x = "SUPPORTED";\n',
      'tools/src/seed.ts': 'type Shopper = {};\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const pkg = (name: string, dir: string) => ({ name, dir, dependencies: new Set<string>(), devDependencies: new Set<string>(), exports: ['.'], files: Object.keys(files).filter((f) => f.startsWith(`${dir}/`)) });
    const workspace = { root, rootDevDependencies: new Set<string>(), packages: [pkg('@confero/directives', 'directives'), pkg('@confero/gateway', 'gateway'), pkg('@confero/tools', 'tools')] };
    expect(checkReferenceNames(workspace, ['PARTNER', 'SUPPORT'])).toEqual(['directives/src/decide.ts:2: PARTNER', 'directives/src/decide.ts:2: Shopper']);
  });
});
