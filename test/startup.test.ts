import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@confero/tools';
import { describe, expect, it } from 'vitest';

const START = fileURLToPath(new URL('../tools/src/cli/start.ts', import.meta.url));

/** Runs `npm start`'s entry with an environment; resolves with its exit code and output. */
function runStart(env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=confero-source', '--import', 'tsx', START], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

describe('npm start', () => {
  it('exits non-zero with a clear message, not a hang, when the database is down', async () => {
    const port = await findFreePort(); // nothing listens there
    const { code, out, ms } = await runStart({ MONGODB_URI: `mongodb://127.0.0.1:${port}/confero`, PORT: '0', SHOPPER_PORT: '0', OPPORTUNITY_PORT: '0', CLIENT_PORT: '0' });
    expect(code).toBe(1);
    expect(out).toContain('could not start');
    expect(out).toContain('ECONNREFUSED');
    expect(ms).toBeLessThan(30_000);
  });

  it('exits with 2 and names the setting when the configuration is bad', async () => {
    const { code, out } = await runStart({ JWT_SECRET: 'short', PORT: 'not-a-port' });
    expect(code).toBe(2);
    expect(out).toContain('JWT_SECRET');
    expect(out).toContain('PORT');
  });
});
