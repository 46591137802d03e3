/**
 * `npm run bench:profile-top -- <file.cpuprofile> [--top 30]`: where a V8 CPU profile
 * (`--cpu-prof`, e.g. from `npm run bench -- --profile`) spends its time: self time by
 * package or source folder, and the functions with the most self and total time.
 * `--from 20` leaves out the first 20 s of the profile (the process's start-up).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, from: { type: 'string', default: '0' } } });
if (positionals.length === 0) {
  process.stderr.write('usage: npm run bench:profile-top -- <file.cpuprofile> [--top 30] [--from <seconds>]\n');
  process.exit(2);
}
const top = Number(values.top);
/** Samples before this many seconds into the profile are left out (start-up: module loading, compiling). */
const fromMicros = Number(values.from) * 1e6;
for (const file of positionals) report(file, JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);

function report(file: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= fromMicros) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  for (const t of self.values()) total += t;
  const idle = sumWhere(self, byId, (n) => ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName));

  const bySelf = new Map<string, number>();
  const byArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id)!;
    const key = label(node);
    bySelf.set(key, (bySelf.get(key) ?? 0) + t);
    const area = areaOf(node);
    byArea.set(area, (byArea.get(area) ?? 0) + t);
    // Inclusive: charge every distinct function on the stack once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`.padStart(6);
  const ms = (t: number) => `${(t / 1000).toFixed(0)} ms`.padStart(10);
  const print = (title: string, map: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${pct(t)} ${ms(t)}  ${k}\n`);
  };
  process.stdout.write(`\n== ${file}\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (percentages are of busy time)\n`);
  print('self time by area', byArea, 40);
  print(`self time, top ${top} functions`, bySelf, top);
  print(`total time (self + callees), top ${top} functions`, inclusive, top);
}

function sumWhere(self: Map<number, number>, byId: Map<number, ProfileNode>, pred: (n: ProfileNode) => boolean): number {
  let t = 0;
  for (const [id, v] of self) if (pred(byId.get(id)!)) t += v;
  return t;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const j = url.indexOf('/work/main/');
  return j >= 0 ? url.slice(j + '/work/main/'.length) : url.replace(/^file:\/\//, '');
}

/** A package (`@apollo/gateway`, `graphql`), a source folder (`gateway/src/privacy`), `node:` internals or V8 states. */
function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) {
    const rest = url.slice(i + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node: internals';
  const path = shortUrl(url).split('/');
  return path.slice(0, Math.min(3, path.length - 1)).join('/') || path.join('/');
}
