import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Spawns `node --conditions=confero-source --import tsx <script>` (a path from the repository root: the workspace packages from source); resolves `ready` when stdout shows `marker`. */
export function spawnTs(script: string, env: Record<string, string | undefined>, marker: string) {
  return spawnProcess(process.execPath, ['--conditions=confero-source', '--import', 'tsx', join(ROOT, script)], env, marker, script);
}

/** Spawns a command in the repository root (e.g. `npm`, `['run', 'gateway']`); resolves `ready` when stdout shows `marker`. */
export function spawnProcess(command: string, args: string[], env: Record<string, string | undefined>, marker: string, label = `${command} ${args.join(' ')}`) {
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    void exited.then((code) => reject(new Error(`${label} exited with ${code}: ${output.slice(-3000)}`)));
  });
  return { child, ready, exited, output: () => output };
}
