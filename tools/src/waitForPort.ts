import type { ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

/**
 * Waits until `child` listens on 127.0.0.1:`port` (20 s at most); fails at once, with the end of
 * its stderr, when it exits first, and kills it when the time is up.
 */
export async function waitForPort(port: number, child: ChildProcess, stderr: () => string, name: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within 20 s: ${stderr()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });
}
