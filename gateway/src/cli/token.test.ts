import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../auth/createAuthenticator.ts';
import { DEV_SECRETS } from '../config/gatewayEnv.ts';

// `npm run token`, as a developer runs it: a real process, its token checked by the real authenticator.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'gateway/src/cli/token.ts');

function token(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['JWT_SECRET', 'JWKS_URL', 'JWT_PUBLIC_KEY', 'MAX_TOKEN_LIFETIME', 'NODE_ENV'].includes(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=confero-source', CLI, ...args], { cwd: ROOT, env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run token', () => {
  it('prints a token that expires, 12 hours after it was issued unless told otherwise, which the gateway accepts', async () => {
    const { code, stdout, stderr } = await token(['--role', 'partner', '--id', 'ptn_1']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const claims = decodeJwt(stdout.trim());
    expect(claims).toMatchObject({ sub: 'dev-partner-ptn_1', role: 'PARTNER', partnerId: 'ptn_1' });
    expect(typeof claims.exp).toBe('number');
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    const authenticate = await createAuthenticator({ jwtSecret: DEV_SECRETS.JWT_SECRET, identityClaims: ['partnerId'], identityClaimOf: (role) => (role === 'PARTNER' ? 'partnerId' : undefined) });
    expect(await authenticate(`Bearer ${stdout.trim()}`)).toMatchObject({ identity: { role: 'PARTNER', partnerId: 'ptn_1' } });
  });

  it("puts --id in the claim the role's record scope names in the policy, and refuses a role or an id the policy does not call for", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confero-token-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({
      version: 'v1',
      categories: { HEALTH: { description: 'h' } },
      purposes: { TREATMENT: { description: 't' } },
      scopes: { ward: { description: 'a ward', claim: 'wardId' } },
      roles: { NURSE: { description: 'n', scope: 'ward', grants: [] }, CLERK: { description: 'c', scope: 'all', grants: [] } },
    }));
    const nurse = await token(['--role', 'nurse', '--id', 'w-7', '--policy', policy]);
    expect(decodeJwt(nurse.stdout.trim())).toMatchObject({ role: 'NURSE', wardId: 'w-7', sub: 'dev-nurse-w-7' });
    const without = await token(['--role', 'NURSE', '--policy', policy]);
    expect([without.code, without.stdout]).toEqual([2, '']);
    expect(without.stderr).toMatch(/role NURSE has record scope ward: its token needs the wardId claim that names the caller's records \(--id\)/);
    expect((await token(['--role', 'CLERK', '--id', 'x', '--policy', policy])).stderr).toMatch(/role CLERK has record scope all, which names no records by id/);
    expect((await token(['--role', 'SURGEON'], { POLICY_PATH: policy })).stderr).toMatch(/role SURGEON is not one policy v1 declares \(NURSE, CLERK\)/);
  });

  it('sets exp from --expires', async () => {
    const { code, stdout } = await token(['--role', 'SUPPORT', '--expires', '90m']);
    expect(code).toBe(0);
    const claims = decodeJwt(stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(90 * 60);
  });

  it('refuses an --expires beyond the maximum token lifetime, and one it cannot read', async () => {
    const long = await token(['--role', 'SUPPORT', '--expires', '25h']);
    expect(long.code).toBe(2);
    expect(long.stdout).toBe('');
    expect(long.stderr).toMatch(/--expires 25h is longer than the maximum token lifetime \(MAX_TOKEN_LIFETIME, 86400 s\)/);
    const lowered = await token(['--role', 'SUPPORT', '--expires', '2h'], { MAX_TOKEN_LIFETIME: '1h' });
    expect(lowered.code).toBe(2);
    expect(lowered.stderr).toMatch(/maximum token lifetime \(MAX_TOKEN_LIFETIME, 3600 s\)/);
    const unreadable = await token(['--role', 'SUPPORT', '--expires', '2 weeks']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/--expires must be a duration/);
  });

  it('keeps its default under a maximum lowered below 12 hours', async () => {
    const { code, stdout } = await token(['--role', 'SUPPORT'], { MAX_TOKEN_LIFETIME: '1h' });
    expect(code).toBe(0);
    const claims = decodeJwt(stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(3600);
  });
});
