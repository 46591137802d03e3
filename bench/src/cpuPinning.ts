import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * `--pin`: the gateway under test on one CPU, everything else (this process with autocannon,
 * the subgraphs, the replay proxies, the database) on the others, as issue 20 measures ("each
 * gateway one process on one core"). Every gateway child gets the same CPU, so A, H and B are
 * pinned alike. Affinity comes from util-linux `taskset` (Node has no `sched_setaffinity`).
 */
export interface CpuPinning {
  /** The CPU list (`taskset -c` syntax) of the gateway children. */
  gatewayCpus: string;
  /** The CPU list of the load generator, the subgraphs, the proxies and the database. */
  otherCpus: string;
  /** `fork()` options that start a child under `taskset -c <cpus>`. */
  forkOptions(cpuList: string): { execPath: string; execArgvPrefix: string[] };
  /** Each process's CPU list as it reported it, by label (the report shows that the pinning took). */
  affinities: Record<string, string>;
  /** Reads `pid`'s CPU list into `affinities` under `label`. */
  record(label: string, pid: number | undefined): void;
}

/**
 * The pinning of `--pin` on this machine: CPU 0 for the gateways, CPUs 1…n-1 for the rest, this
 * process pinned to the latter at once; throws where that is impossible.
 */
export function cpuPinning(): CpuPinning {
  const count = cpus().length;
  if (count < 2) throw new Error(`--pin needs at least 2 CPUs, this machine has ${count}`);
  let taskset: string;
  try {
    taskset = execFileSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('--pin needs taskset (util-linux), not found on PATH');
  }
  if (!taskset) throw new Error('--pin needs taskset (util-linux), not found on PATH');
  const otherCpus = count === 2 ? '1' : `1-${count - 1}`;
  pinThisProcess(otherCpus);
  const affinities: Record<string, string> = {};
  const record = (label: string, pid: number | undefined) => {
    if (pid !== undefined) affinities[label] = affinityOf(pid) ?? '?';
  };
  record('load generator', process.pid);
  return {
    gatewayCpus: '0',
    otherCpus,
    forkOptions: (cpuList) => ({ execPath: taskset, execArgvPrefix: ['-c', cpuList, process.execPath] }),
    affinities,
    record,
  };
}

/** Pins every thread of the running process (`taskset -a -p`); threads started later inherit it. */
export function pinThisProcess(cpuList: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' });
}

/** The CPU list a process may run on (`taskset -p`), e.g. `0` or `0,1`; undefined where unreadable. */
export function affinityOf(pid: number): string | undefined {
  try {
    const out = execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
    return out.slice(out.lastIndexOf(':') + 1).trim();
  } catch {
    return undefined;
  }
}
