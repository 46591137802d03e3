import { describe, expect, it } from 'vitest';
import { InFlightRequests } from './inFlightRequests.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('InFlightRequests', () => {
  const copy = (v: { n: number[] }) => structuredClone(v);

  it('runs identical requests in flight once, and gives each caller its own copy', async () => {
    const requests = new InFlightRequests(copy);
    const gate = deferred<{ n: number[] }>();
    let started = 0;
    const start = () => ((started += 1), gate.promise);
    const first = requests.run('k', start);
    const second = requests.run('k', start);
    gate.resolve({ n: [1] });
    const [a, b] = await Promise.all([first, second]);
    expect(started).toBe(1);
    expect(a).toEqual({ n: [1] });
    expect(b).toEqual({ n: [1] });
    a.n.push(2);
    expect(b.n).toEqual([1]);
    expect(requests.shared).toBe(1);
  });

  it('hands the original to a caller that shared with nobody', async () => {
    const requests = new InFlightRequests(copy);
    const value = { n: [1] };
    expect(await requests.run('k', async () => value)).toBe(value);
  });

  it('runs requests with different keys separately', async () => {
    const requests = new InFlightRequests(copy);
    let started = 0;
    const start = async () => ((started += 1), { n: [started] });
    await Promise.all([requests.run('a', start), requests.run('b', start)]);
    expect(started).toBe(2);
  });

  it('keeps nothing once a request settles: the next one runs again', async () => {
    const requests = new InFlightRequests(copy);
    let started = 0;
    const start = async () => ((started += 1), { n: [started] });
    expect(await requests.run('k', start)).toEqual({ n: [1] });
    expect(await requests.run('k', start)).toEqual({ n: [2] });
    expect(requests.size).toBe(0);
  });

  it('gives every waiting caller the failure, and keeps no failure either', async () => {
    const requests = new InFlightRequests(copy);
    const gate = deferred<{ n: number[] }>();
    const first = requests.run('k', () => gate.promise);
    const second = requests.run('k', () => gate.promise);
    gate.reject(new Error('subgraph down'));
    await expect(first).rejects.toThrow('subgraph down');
    await expect(second).rejects.toThrow('subgraph down');
    expect(await requests.run('k', async () => ({ n: [3] }))).toEqual({ n: [3] });
  });
});
