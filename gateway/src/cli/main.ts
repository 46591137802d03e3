import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPolicyFile } from '@confero/directives';
import { authOptionsFromEnv } from '../config/authOptionsFromEnv.ts';
import { parseGatewayEnv } from '../config/gatewayEnv.ts';
import { explorerOptionsFromEnv } from '../config/explorerOptionsFromEnv.ts';
import { engineOptionsFromEnv } from '../config/engineOptionsFromEnv.ts';
import { hardeningOptionsFromEnv } from '../config/hardeningOptions.ts';
import { createLogger } from '../logger.ts';
import { startGateway } from '../startGateway.ts';

// The gateway on its own: `node gateway/dist/cli/main.js --supergraph FILE --port N --policy FILE`
// (`npm run gateway -- …`; or SUPERGRAPH_PATH / PORT / POLICY_PATH). Subgraph URLs come from the
// supergraph, or from SUBGRAPH_URL_<NAME> (e.g. SUBGRAPH_URL_PEOPLE=http://10.0.0.5:4001/graphql for a subgraph named
// people).
// The policy and supergraph files are reloaded when they change and on SIGHUP.
const { values } = parseArgs({
  options: { supergraph: { type: 'string' }, port: { type: 'string' }, policy: { type: 'string' } },
});
const parsed = parseGatewayEnv({ ...process.env, ...(values.port ? { PORT: values.port } : {}) });
if ('errors' in parsed) {
  process.stderr.write(`gateway: bad configuration:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
const { env } = parsed;
const supergraphPath = values.supergraph ?? env.SUPERGRAPH_PATH;
const policyPath = values.policy ?? env.POLICY_PATH;
if (!supergraphPath || !policyPath) {
  process.stderr.write('gateway: --supergraph FILE and --policy FILE (or SUPERGRAPH_PATH, POLICY_PATH) are required\n');
  process.exit(2);
}
const policy = loadPolicyFile(policyPath, env.POLICY_INVARIANTS_PATH ? { invariants: env.POLICY_INVARIANTS_PATH } : {});
if ('errors' in policy) {
  process.stderr.write(`gateway: the policy ${policyPath} is invalid:\n${policy.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
if (env.AUDIT === 'on' && !process.env.MONGODB_URI) {
  process.stderr.write('gateway: MONGODB_URI (the audit store) is required unless AUDIT=off\n');
  process.exit(2);
}
const subgraphUrls = Object.fromEntries(
  Object.entries(process.env)
    .filter(([k, v]) => k.startsWith('SUBGRAPH_URL_') && v)
    .map(([k, v]) => [k.slice('SUBGRAPH_URL_'.length).toLowerCase(), v as string]),
);
const logger = createLogger('gateway');
if (policy.policy.invariants.source === undefined) {
  logger.warn({ policy: policyPath }, 'no invariants file (POLICY_INVARIANTS_PATH, or invariants.json beside the policy): the policy is held to the mechanism\'s own rules only');
}
const gateway = await startGateway({
  supergraphSdl: readFileSync(supergraphPath, 'utf8'),
  port: env.PORT,
  host: env.HOST,
  subgraphUrls,
  callerContextSecret: env.CALLER_CONTEXT_SECRET,
  auth: authOptionsFromEnv(env),
  policy: policy.policy,
  deploymentFiles: { policyPath, supergraphPath, invariantsPath: process.env.POLICY_INVARIANTS_PATH || undefined },
  watchDeploymentFiles: env.WATCH_DEPLOYMENT_FILES === 'on',
  hashKey: env.PII_HASH_KEY,
  strict: env.PRIVACY_STRICT,
  privacyReport: env.PRIVACY_REPORT,
  mongoUri: env.AUDIT === 'on' ? (process.env.MONGODB_URI as string) : false,
  auditJournalDir: env.AUDIT_JOURNAL_DIR,
  auditJournalFsync: env.AUDIT_JOURNAL_FSYNC,
  auditSubjectTypes: env.AUDIT_SUBJECT_TYPES,
  auditSubjectVia: env.AUDIT_SUBJECT_VIA,
  introspection: env.INTROSPECTION,
  maxBodyBytes: env.MAX_BODY_BYTES,
  ...hardeningOptionsFromEnv(env),
  ...engineOptionsFromEnv(env),
  explorer: explorerOptionsFromEnv(env),
  logger,
}).catch((err: Error) => {
  process.stderr.write(`gateway: could not start: ${err.message}\n`);
  process.exit(1);
});
process.stdout.write(`gateway ready at ${gateway.url}\n`);
let stopping = false;
const shutdown = async () => {
  // Once: a Ctrl-C reaches both npm and this process, and npm passes it on again.
  if (stopping) return;
  stopping = true;
  await gateway.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// Reload the policy and supergraph files (the outcome is logged; a refused version leaves the current one serving).
process.on('SIGHUP', () => void gateway.reload());
