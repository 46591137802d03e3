import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Spawns `node --conditions=confero-source --import tsx <script>` (the workspace packages from source) (a path from the repository root); resolves `ready` when stdout shows `marker`. */
export function spawnTs(script: string, env: Record<string, string | undefined>, marker: string) {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=confero-source', '--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    void exited.then((code) => reject(new Error(`${script} exited with ${code}: ${output.slice(-3000)}`)));
  });
  return { child, ready, exited, output: () => output };
}
