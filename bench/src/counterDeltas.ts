import type { ProcessStats } from './benchChild.ts';

/** The mean of a timed counter over a window (`micros` summed over `count` events), in ms; NaN without events. */
export function meanMs(before: ProcessStats, after: ProcessStats, count: string, micros: string): number {
  const events = (after.counters[count] ?? 0) - (before.counters[count] ?? 0);
  return events > 0 ? ((after.counters[micros] ?? 0) - (before.counters[micros] ?? 0)) / events / 1000 : NaN;
}

/** The sum of the counters whose names start with `prefix`. */
export function sumCounters(stats: ProcessStats, prefix: string): number {
  let sum = 0;
  for (const [name, value] of Object.entries(stats.counters)) if (name.startsWith(prefix)) sum += value;
  return sum;
}
