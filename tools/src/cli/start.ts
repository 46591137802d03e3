import { createLogger } from '@confero/gateway';
import { startSystem } from '../startSystem.ts';
import { systemOptionsFromEnv } from '../systemOptionsFromEnv.ts';

// `npm start`: embedded database (or MONGODB_URI), seed if empty, three subgraphs, gateway.
const logger = createLogger('confero', process.env.LOG_LEVEL ?? 'warn');
const built = systemOptionsFromEnv(logger);
if ('errors' in built) {
  process.stderr.write(`confero: bad configuration:\n${built.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
process.stdout.write('confero: starting the database, subgraphs and gateway…\n');
// A signal during start-up: exit at once (the database process is ended on exit).
const abortStart = (signal: NodeJS.Signals) => {
  process.stdout.write(`\nconfero: ${signal} during start-up, stopping.\n`);
  process.exit(130);
};
process.once('SIGINT', abortStart);
process.once('SIGTERM', abortStart);
const started = Date.now();
const system = await startSystem(built.options).catch((err: Error) => {
  process.stderr.write(`confero: could not start: ${err.message}\n`);
  process.exit(1);
});
const { gateway, subgraphs, database } = system;
process.stdout.write(
  [
    '',
    `  Confero privacy gateway — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  database   ${database.description}${system.seeded ? ' (seeded now)' : ''}`,
    database.warning ? `  WARNING    ${database.warning}` : '',
    `  data layer ${system.dataLayer.shape} queries for ${system.dataLayer.engine} (${system.dataLayer.reason})`,
    `  gateway    ${gateway.url}   (health: ${gateway.url.replace(/\/graphql$/, '/health')})`,
    `  planner    ${gateway.queryPlanner === 'hive' ? "Hive's Rust query planner, executed by the gateway" : "Apollo Gateway's query planner and executor"} (QUERY_PLANNER=${gateway.queryPlanner})`,
    `  subgraphs  shopper ${subgraphs.shopper.url}`,
    `             opportunity ${subgraphs.opportunity.url}`,
    `             client ${subgraphs.client.url}`,
    `  policy     version ${built.options.policy.version}, digest ${gateway.deployment.policyDigest}, ${built.options.policy.invariants.list.length} invariants   (${gateway.url.replace(/\/graphql$/, '/privacy')}; reloaded when it changes, or on SIGHUP)`,
    built.options.gateway.explorer
      ? `  explorer   ${gateway.url.replace(/\/graphql$/, '/')}   (${built.options.gateway.explorer.devTokens ? 'pick a caller; development tokens minted there' : 'paste a token'})`
      : '',
    built.env.usesDevSecrets ? '  secrets    DEVELOPMENT DEFAULTS (set JWT_SECRET, CALLER_CONTEXT_SECRET, PII_HASH_KEY for real use)' : '',
    '',
    '  Get a token:   npm run token -- --role SUPPORT',
    `  Try it:        curl -s ${gateway.url} -H "authorization: Bearer $(npm run -s token -- --role SUPPORT)" \\`,
    `                   -H 'x-purpose: SERVICES' -H 'content-type: application/json' \\`,
    `                   -d '{"query":"{ shoppers(first: 2) { nodes { id name email ssn } } }"}'`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n',
);
process.removeListener('SIGINT', abortStart);
process.removeListener('SIGTERM', abortStart);
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\nconfero: ${signal}, stopping…\n`);
  await system.stop();
  process.stdout.write('confero: stopped.\n');
  process.exit(0);
};
// `on`, not `once`: a Ctrl-C reaches both npm and this process, and npm passes it on again.
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Reload the policy and supergraph files: the subgraphs first, then the gateway (each logs the outcome).
process.on('SIGHUP', () => void system.reload());
