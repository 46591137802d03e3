import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm` runs and `tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The gateway's own command-line entry, unchanged: the example only configures it. */
const GATEWAY_MAIN = fileURLToPath(new URL('../../../gateway/src/cli/main.ts', import.meta.url));

/** Options of {@link startGatewayProcess}. */
export interface GatewayProcessOptions {
  /** The supergraph file (`--supergraph`). Required. */
  supergraphPath: string;
  /** The policy file (`--policy`); its invariants are found beside it. Required. */
  policyPath: string;
  /** The process environment: secrets, `PORT`, `MONGODB_URI`, `SUBGRAPH_URL_<NAME>`, `AUDIT_SUBJECT_*`… (see the README's configuration table). Required. */
  env: Record<string, string | undefined>;
  /** Where the gateway's own output goes besides being read for its URL. Default: kept (the last 20 kB, for the error of a failed start). */
  onOutput?: (chunk: string) => void;
}

/** A gateway process, ready. */
export interface RunningGatewayProcess {
  /** `http://127.0.0.1:PORT/graphql`, as the gateway printed it. */
  url: string;
  child: ChildProcess;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Runs `gateway/src/cli/main.ts --supergraph FILE --policy FILE` (what `npm run gateway -- …`
 * runs from the build) from source, as its own process; resolves once it prints
 * `gateway ready at URL`, rejects with its output when it exits first.
 */
export function startGatewayProcess(options: GatewayProcessOptions): Promise<RunningGatewayProcess> {
  const args = ['--conditions=confero-source', '--import', 'tsx', GATEWAY_MAIN, '--supergraph', options.supergraphPath, '--policy', options.policyPath];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  let output = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    options.onOutput?.(text);
  };
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      const url = /gateway ready at (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child, stop });
    });
    void exited.then((code) => reject(new Error(`the gateway exited with ${code} before it was ready:\n${output.slice(-3000)}`)));
  });
}
