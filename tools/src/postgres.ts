import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from './findFreePort.ts';
import { installIndexTwins } from './postgresIndexTwins.ts';
import { waitForPort } from './waitForPort.ts';

/** What to install where PostgreSQL is missing (Debian and Ubuntu; `brew install postgresql@15` on macOS). */
export const POSTGRES_INSTALL_HINT = 'install PostgreSQL (Debian/Ubuntu: `sudo apt-get install -y postgresql`; macOS: `brew install postgresql@15`)';

/** Where a PostgreSQL server's programs are: `initdb` and `postgres`. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Major version, e.g. 15. */
  version: number;
}

/**
 * Finds PostgreSQL's server programs: `PG_BIN` when set, else Debian's
 * `/usr/lib/postgresql/<major>/bin` (the newest), else `initdb` on the PATH (Homebrew and most
 * other systems put the server programs there). Undefined when there are none.
 */
export function findPostgres(env: NodeJS.ProcessEnv = process.env): PostgresBinaries | undefined {
  const dirs: string[] = [];
  if (env.PG_BIN) dirs.push(env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...majors.map((m) => join(debian, m, 'bin')));
  }
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) dirs.push(dir);
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    if (!existsSync(initdb) || !existsSync(postgres)) continue;
    const out = spawnSync(postgres, ['--version'], { encoding: 'utf8' });
    const major = /(\d+)(?:\.\d+)?/.exec(out.stdout ?? '')?.[1];
    if (out.status === 0 && major) return { initdb, postgres, version: Number(major) };
  }
  return undefined;
}

/** The user PostgreSQL runs as: this process's own, or, when this process is root (which initdb and postgres refuse), an unprivileged one. */
export interface PostgresUser {
  uid: number;
  gid: number;
  name: string;
}

/**
 * Who runs PostgreSQL. Not root: this process's user. Root: `PG_USER` (default `postgres`,
 * which Debian's package creates), else `nobody`.
 */
export function postgresUser(env: NodeJS.ProcessEnv = process.env): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of [env.PG_USER ?? 'postgres', 'nobody']) {
    const entry = passwd.find((fields) => fields[0] === name);
    if (entry) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root, and there is no unprivileged user to run PostgreSQL as (set PG_USER)');
}

/** Options of {@link startPostgres}. */
export interface PostgresOptions {
  /** The cluster's folder (created with `initdb` when empty). Default: a new temporary folder, removed on stop. */
  dataDir?: string;
  /** Port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Server programs. Default: {@link findPostgres}. */
  binaries?: PostgresBinaries;
}

/** A running PostgreSQL server of the system's own. */
export interface PostgresProcess {
  /** `postgres://confero@127.0.0.1:<port>/postgres` (trust authentication, loopback only; the cluster is the system's own). */
  url: string;
  port: number;
  dataDir: string;
  version: number;
  child: ChildProcess;
  /** The postmaster and its backends now. */
  pids(): number[];
  stop(): Promise<void>;
}

/** The superuser the system's cluster is made with. */
const USER = 'confero';

/**
 * Settings of the system's own cluster, on the command line (nothing of the machine's
 * configuration is read). Durability stays PostgreSQL's default (`fsync`, synchronous commit):
 * an audit event the gateway was told is stored is on disk.
 */
const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  max_connections: '200',
  shared_buffers: '64MB',
  // FerretDB sends parameterised statements: always plan with the actual values.
  plan_cache_mode: 'force_custom_plan',
  log_min_messages: 'fatal',
  // TCP on loopback only: no Unix socket (Debian's socket folder is its own cluster's, and a
  // socket path in a deep data folder can pass the 107-byte limit).
  unix_socket_directories: '',
};

/**
 * Starts PostgreSQL on a data folder of its own, initialising it the first time, on a loopback
 * port, as an unprivileged user when this process is root. The server is this process's child:
 * stopped by `stop()` (fast shutdown), and killed when this process exits.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresProcess> {
  const binaries = options.binaries ?? findPostgres();
  if (!binaries) throw new Error(`PostgreSQL is not installed: ${POSTGRES_INSTALL_HINT}`);
  const user = postgresUser();
  const ownDir = options.dataDir === undefined;
  let dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'confero-postgres-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    // initdb and postgres run as that user, who must be able to reach the folder through its
    // parents; a clone in a folder only root can enter (mktemp -d, /root) gets a cluster folder
    // of its own in the temporary folder instead, the same one on every start.
    if (!reachableBy(user, dataDir)) dataDir = reachableClusterDir(dataDir, user);
    chownSync(dataDir, user.uid, user.gid);
  }
  const as: SpawnOptions = user ? { uid: user.uid, gid: user.gid, env: { ...process.env, HOME: dataDir } } : {};
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const init = spawnSync(binaries.initdb, ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'], {
      ...as,
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout || init.error?.message}`);
  }
  installIndexTwins(binaries.postgres, dataDir, as);
  // (A server killed before leaves its pid file; the postmaster starts anyway unless that process still runs.)
  const port = options.port ?? (await findFreePort());
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(SETTINGS)) args.push('-c', `${name}=${value}`);
  const child = spawn(binaries.postgres, args, { ...as, stdio: ['ignore', 'ignore', 'pipe'] });
  // Whatever way this process ends, the server ends with it (immediate shutdown: the
  // postmaster stops its backends; the next start recovers from the write-ahead log).
  const killOnExit = () => child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  await waitForPort(port, child, () => stderr, 'PostgreSQL');
  await waitUntilReady(dataDir, child, () => stderr);
  let stopped = false;
  return {
    url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    version: binaries.version,
    child,
    pids: () => (child.pid === undefined ? [] : [child.pid, ...childrenOf(child.pid)]),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // fast shutdown: open sessions are ended, then a checkpoint
        const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when `user` can enter `dir` (search permission on it and every parent). */
function reachableBy(user: { uid: number; gid: number }, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * The cluster folder for a `dataDir` that `user` cannot reach: `confero-postgresql-<hash of the
 * path>` in the temporary folder (sticky and open to every user), made for `user` alone.
 */
function reachableClusterDir(dataDir: string, user: { name: string; uid: number; gid: number }): string {
  const dir = join(tmpdir(), `confero-postgresql-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A predictable name in a shared folder: never follow a link or take over another user's folder.
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (stat.uid !== user.uid && stat.uid !== process.getuid?.())) {
    throw new Error(`${dir} is not a folder of ${user.name}'s or root's: remove it, or set DATA_DIR to a folder ${user.name} can reach`);
  }
  chownSync(dir, user.uid, user.gid);
  if (!reachableBy(user, dir)) {
    throw new Error(
      `PostgreSQL runs as the user ${user.name} (this process is root, which PostgreSQL refuses), who can reach neither ${dataDir} nor ${dir}: ` +
        'give the parent folders search permission (chmod o+x) or set DATA_DIR to a folder that user can reach',
    );
  }
  return dir;
}

/** Waits until the postmaster says, in its pid file, that it accepts sessions (as `pg_ctl` does). */
async function waitUntilReady(dataDir: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`PostgreSQL exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    try {
      if (readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[7]?.trim() === 'ready') return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGQUIT');
  throw new Error(`PostgreSQL did not get ready within 60 s: ${stderr()}`);
}

/** Processes whose parent is `pid` (Linux `/proc`; empty elsewhere). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .filter((e) => {
        try {
          const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}
