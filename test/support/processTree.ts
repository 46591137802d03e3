import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid and state of a process (Linux `/proc`), or undefined when it is gone. */
function statOf(pid: number): { ppid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Every process below `pid` (children, their children…), with its command line. */
export function descendantsOf(pid: number): Array<{ pid: number; command: string }> {
  const all = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
  const parentOf = new Map(all.map((p) => [p, statOf(p)?.ppid]));
  const found: Array<{ pid: number; command: string }> = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      let command = '';
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      } catch {
        // gone meanwhile
      }
      found.push({ pid: child, command });
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Whether `pid` still runs (a zombie waiting for its parent does not count). */
export function isRunning(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z';
}
