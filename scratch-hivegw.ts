import { signCallerContext } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { startTestSystem, TEST_SECRETS } from './test/support/testSystem.ts';
import { startHiveGateway } from './bench/src/hiveGateway.ts';
const sys = await startTestSystem({ gateway: { queryPlanner: 'hive' } });
const signedCaller = await signCallerContext({ sub: 'x', role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', requestId: 'r' } as never, { secret: new TextEncoder().encode(TEST_SECRETS.callerContext), ttlSeconds: 3600 });
const hive = await startHiveGateway({ supergraphSdl: readSupergraph(), subgraphUrls: sys.system.subgraphs ? Object.fromEntries(Object.entries(sys.system.subgraphs).map(([n, s]) => [n, s.url])) : {}, signedCaller });
try {
  const cid = sys.data.deliverables[0]!.clientId;
  const q = (await import('node:fs')).readFileSync('scratch-smoke.ts', 'utf8').match(/`(query Deep[\s\S]*?)`;/)[1];
  const ours = await sys.query({ role: 'LEGAL' }, 'LEGAL_COMPLIANCE', q, { clientId: cid });
  const res = await fetch(hive.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: { clientId: cid } }) });
  const theirs = await res.text();
  const a = JSON.parse(ours.body).data, b = JSON.parse(theirs).data;
  console.log(res.status, theirs.slice(0, 300));
  console.log('same data:', JSON.stringify(a) === JSON.stringify(b));
} finally { await hive.stop(); await sys.stop(); }
