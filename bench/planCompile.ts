/**
 * `npm run bench:plan`: privacy-plan compilation time by operation size (10 to 10 000
 * selections, for a full-access, a masking and a withholding caller) and the plan-cache hit
 * path per request, through the gateway's `PrivacyEngine.prepare` on the real supergraph and
 * policy. Prints a table; writes `bench/results/planCompile.{json,md}`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { loadPolicyFile, policyDigest, readPiiAnnotations, type Caller } from '@confero/directives';
import { createLogger, PrivacyEngine } from '@confero/gateway';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { BENCH_SECRETS } from './src/benchSecrets.ts';

const SIZES = [10, 100, 1000, 10_000];
const CALLERS: Array<{ label: string; role: string; purpose: string }> = [
  { label: 'LEGAL (allow)', role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE' },
  { label: 'CLIENT (mask + withhold)', role: 'CLIENT', purpose: 'CLIENT_REPORTING' },
  { label: 'SUPPORT (withhold)', role: 'SUPPORT', purpose: 'SERVICES' },
];
const HIT_ITERATIONS = 200_000;

/** An operation of `size` selections: aliased blocks of 10 (a shopper, 6 of its fields, an address and 2 of its parts). */
function operationOf(size: number): string {
  const blocks = Array.from(
    { length: size / 10 },
    (_, i) => `s${i}: shopper(id: "shp_000001") { id name email phone ssn rating address { street city } }`,
  );
  return `query Sized { ${blocks.join(' ')} }`;
}

const loaded = loadPolicyFile(POLICY_PATH);
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const supergraphSdl = readSupergraph();
const gateway = new ApolloGateway({ supergraphSdl });
let apiSchema: GraphQLSchema | undefined;
gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => (apiSchema = schema));
await gateway.load();
await gateway.stop();
if (!apiSchema) throw new Error('planCompile: the gateway did not load the supergraph');
const schema = apiSchema;

const engine = new PrivacyEngine({ hashKey: BENCH_SECRETS.hashKey, strict: false, planCacheSize: 100, logger: createLogger('bench-plan', 'silent') });
const deployment = { id: 'bench', policy: loaded.policy, policyDigest: policyDigest(loaded.policy), piiIndex: readPiiAnnotations(supergraphSdl) };

let missCounter = 0;
const prepare = (document: DocumentNode, queryHash: string, caller: Caller) => {
  const prepared = engine.prepare({ deployment, schema, document, queryHash, operationName: 'Sized', caller, strict: false, explain: false, variables: {} });
  if ('errors' in prepared) throw new Error(`planCompile: ${JSON.stringify(prepared.errors)}`);
  return prepared.plan;
};

/** Median ms of `fn` over enough runs to fill ~300 ms (at least 3, at most 200). */
function medianMs(fn: () => void): number {
  fn(); // warm-up
  const times: number[] = [];
  const deadline = performance.now() + 300;
  while ((times.length < 3 || performance.now() < deadline) && times.length < 200) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const rows = [];
for (const size of SIZES) {
  const source = operationOf(size);
  const parseMs = medianMs(() => parse(source));
  const document = parse(source);
  const compileMs: Record<string, number> = {};
  let hitMicros = 0;
  for (const who of CALLERS) {
    const caller: Caller = { sub: 'bench', role: who.role, purpose: who.purpose, requestId: 'bench' };
    // A new queryHash each time: a cache miss, so the plan is compiled.
    compileMs[who.label] = medianMs(() => prepare(document, `miss-${missCounter++}`, caller));
    if (who.role === 'CLIENT') {
      const plan = prepare(document, 'hit', caller);
      for (let i = 0; i < 10_000; i++) prepare(document, 'hit', { ...caller, requestId: `r${i}` });
      const started = performance.now();
      for (let i = 0; i < HIT_ITERATIONS; i++) {
        if (prepare(document, 'hit', caller) !== plan) throw new Error('planCompile: the cache missed on the hit path');
      }
      hitMicros = ((performance.now() - started) * 1000) / HIT_ITERATIONS;
    }
  }
  rows.push({ selections: size, parseMs, compileMs, cacheHitMicros: hitMicros });
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(1));
const header = `| selections | parse ms | ${CALLERS.map((c) => `compile ms, ${c.label}`).join(' | ')} | plan-cache hit µs/request |`;
const lines = [
  '# Privacy-plan compilation',
  '',
  `Through \`PrivacyEngine.prepare\` on the reference supergraph and policy; median of repeated runs; node ${process.version}, shared CPU. ` +
    'A miss compiles the plan (prune, mask, restore tree, printed pruned document and its sha256); a hit builds the cache key and looks it up.',
  '',
  header,
  `|${'---|'.repeat(3 + CALLERS.length)}`,
  ...rows.map((r) => `| ${r.selections} | ${fmt(r.parseMs)} | ${CALLERS.map((c) => fmt(r.compileMs[c.label]!)).join(' | ')} | ${r.cacheHitMicros.toFixed(2)} |`),
  '',
];
const markdown = lines.join('\n');
process.stdout.write(`${markdown}\n`);
const outDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}planCompile.json`, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
writeFileSync(`${outDir}planCompile.md`, markdown);
