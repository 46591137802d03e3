import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CPU, memory and database counters of one benchmark child process. */
export interface ProcessStats {
  pid: number;
  /** User + system CPU time since the process started, in microseconds (`process.cpuUsage()`). */
  cpuMicros: number;
  rssBytes: number;
  /** Peak resident set size so far (`process.resourceUsage().maxRSS`). */
  maxRssBytes: number;
  /** Counters of the child: database commands by connection (subgraph name, or `audit`), replayed requests (`replayed:<subgraph>`). */
  counters: Record<string, number>;
}

/** A child process of the benchmark (subgraphs or one gateway), driven over IPC. */
export interface BenchChild<Ready> {
  label: string;
  pid: number;
  ready: Ready;
  stats(): Promise<ProcessStats>;
  stop(): Promise<void>;
}

type ToChild = { type: 'stats'; id: number } | { type: 'stop' };
type FromChild<Ready> =
  | { type: 'ready'; ready: Ready }
  | { type: 'failed'; message: string }
  | { type: 'stats'; id: number; stats: ProcessStats }
  | { type: 'stopped' };

/** Options of {@link startBenchChild}. */
export interface BenchChildOptions {
  /** Name in messages. */
  label: string;
  /** Extra environment of the child. Default: none. */
  env?: Record<string, string>;
  /** Write V8 CPU profiles (`--cpu-prof`) into `<this folder>/<label>/` when the child exits. Default: none. */
  cpuProfileDir?: string;
  /** Start the child under `taskset -c <these CPUs>` (`--pin`). Default: no pinning. */
  pin?: { execPath: string; execArgvPrefix: string[] };
  /** How long start-up may take, in ms. Default 180 000 (seeding an empty database takes a while). */
  startTimeoutMs?: number;
}

/** Forks `script` (TypeScript, through tsx) and waits until it reports ready. */
export function startBenchChild<Ready>(script: URL, options: BenchChildOptions): Promise<BenchChild<Ready>> {
  const execArgv = ['--conditions=confero-source', '--import', 'tsx'];
  // One folder per child: with tsx, the module loader runs on a thread of its own, which gets a profile too.
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', join(options.cpuProfileDir, options.label));
  // Pinned: fork() runs `execPath execArgv script`, so taskset goes first and node after its CPU list.
  const child = fork(fileURLToPath(script), [], {
    execArgv: options.pin ? [...options.pin.execArgvPrefix, ...execArgv] : execArgv,
    ...(options.pin ? { execPath: options.pin.execPath } : {}),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map<number, (stats: ProcessStats) => void>();
  let onStopped: (() => void) | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${options.label}: not ready within ${options.startTimeoutMs ?? 180_000} ms`));
    }, options.startTimeoutMs ?? 180_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.label}: exited with code ${code} before it was ready`));
    });
    child.on('message', (raw) => {
      const message = raw as FromChild<Ready>;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          label: options.label,
          pid: child.pid!,
          ready: message.ready,
          stats: () =>
            new Promise((done) => {
              const id = nextId++;
              waiting.set(id, done);
              child.send({ type: 'stats', id } satisfies ToChild);
            }),
          stop: async () => {
            if (child.exitCode !== null) return;
            const stopped = new Promise<void>((done) => (onStopped = done));
            child.send({ type: 'stop' } satisfies ToChild);
            const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
            await Promise.race([stopped.then(() => exited), exited]);
            clearTimeout(deadline);
          },
        });
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.label}: ${message.message}`));
      } else if (message.type === 'stats') {
        waiting.get(message.id)?.(message.stats);
        waiting.delete(message.id);
      } else if (message.type === 'stopped') {
        onStopped?.();
      }
    });
  });
}

/** The child's side: report ready (or failure), answer stats requests, stop on request. */
export function serveBenchParent<Ready>(
  start: () => Promise<{
    ready: Ready;
    counters: Record<string, number>;
    /** Counters read when asked (e.g. from a metrics registry), added to `counters`. */
    readCounters?: () => Promise<Record<string, number>>;
    stop: () => Promise<void>;
  }>,
): void {
  const send = (message: FromChild<Ready>) => {
    if (process.connected) process.send?.(message);
  };
  let stopping: Promise<void> | undefined;
  let stopRunning: () => Promise<void> = async () => {};
  const stopOnce = () =>
    (stopping ??= stopRunning()
      .catch(() => {})
      .finally(() => {
        send({ type: 'stopped' });
        // A normal exit, so that --cpu-prof writes its profile.
        if (process.connected) process.disconnect();
        process.exit(0);
      }));
  // The parent went away (Ctrl-C, crash): stop cleanly rather than leave a database behind.
  process.on('disconnect', () => void stopOnce());
  process.once('SIGINT', () => void stopOnce());
  process.once('SIGTERM', () => void stopOnce());
  start().then(
    ({ ready, counters, readCounters, stop }) => {
      stopRunning = stop;
      process.on('message', async (raw) => {
        const message = raw as ToChild;
        if (message.type === 'stats') {
          const cpu = process.cpuUsage();
          // A counter that cannot be read is left out (the report shows it as missing), not fatal.
          const read = readCounters ? await readCounters().catch(() => ({})) : {};
          send({
            type: 'stats',
            id: message.id,
            stats: {
              pid: process.pid,
              cpuMicros: cpu.user + cpu.system,
              rssBytes: process.memoryUsage.rss(),
              maxRssBytes: process.resourceUsage().maxRSS * 1024,
              counters: { ...counters, ...read },
            },
          });
        } else if (message.type === 'stop') {
          void stopOnce();
        }
      });
      send({ type: 'ready', ready });
    },
    (err: Error) => {
      send({ type: 'failed', message: err.stack ?? err.message });
      process.exit(1);
    },
  );
}
