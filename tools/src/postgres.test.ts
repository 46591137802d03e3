import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPostgres, startPostgres } from './postgres.ts';

// Run as root (as CI and many containers do), PostgreSQL runs as an unprivileged user, who may
// not be able to enter the folder the clone is in (`mktemp -d` makes it 0700).
const asRoot = process.getuid?.() === 0 && findPostgres() !== undefined;

describe('startPostgres', () => {
  it.runIf(asRoot)("makes the cluster in the temporary folder, the same one each time, when its user cannot reach the folder asked for", async () => {
    const hidden = mkdtempSync(join(homedir(), '.confero-hidden-'));
    chmodSync(hidden, 0o700);
    const asked = join(hidden, 'postgresql');
    try {
      const first = await startPostgres({ dataDir: asked });
      await first.stop();
      expect(first.dataDir.startsWith(join(tmpdir(), 'confero-postgresql-'))).toBe(true);
      const second = await startPostgres({ dataDir: asked });
      await second.stop();
      expect(second.dataDir).toBe(first.dataDir);
      rmSync(first.dataDir, { recursive: true, force: true });
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
  });
});
