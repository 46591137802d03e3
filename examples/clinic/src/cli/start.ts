import { pino } from 'pino';
import { CLINIC_POLICY_PATH } from '../clinicFiles.ts';
import { CLINIC_PORTS } from '../clinicSubgraphs.ts';
import { startClinic } from '../startClinic.ts';

// `npm run example:clinic`: the clinic example from a fresh clone — the embedded database (or
// MONGODB_URI), its seed (when empty), three subgraphs and the project's gateway on the clinic's
// supergraph and policy. Ports: CLINIC_PORT (gateway, default 4100), CLINIC_PATIENTS_PORT,
// CLINIC_APPOINTMENTS_PORT, CLINIC_BILLING_PORT (4101..4103). Secrets: JWT_SECRET,
// CALLER_CONTEXT_SECRET, PII_HASH_KEY, else development defaults (never for real use).
const DEV = {
  jwt: 'confero-dev-jwt-secret-change-me-0123456789',
  callerContext: 'confero-dev-caller-context-secret-0123456789',
  hashKey: 'confero-dev-pii-hash-key-0123456789',
};
const port = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }).child({ example: 'clinic' });
process.stdout.write('clinic: starting the database, subgraphs and gateway…\n');
const clinic = await startClinic({
  ports: {
    gateway: port('CLINIC_PORT', CLINIC_PORTS.gateway),
    patients: port('CLINIC_PATIENTS_PORT', CLINIC_PORTS.patients),
    appointments: port('CLINIC_APPOINTMENTS_PORT', CLINIC_PORTS.appointments),
    billing: port('CLINIC_BILLING_PORT', CLINIC_PORTS.billing),
  },
  secrets: {
    jwt: process.env.JWT_SECRET || DEV.jwt,
    callerContext: process.env.CALLER_CONTEXT_SECRET || DEV.callerContext,
    hashKey: process.env.PII_HASH_KEY || DEV.hashKey,
  },
  watch: true,
  onGatewayOutput: (chunk) => process.stderr.write(chunk),
  logger,
}).catch((err: Error) => {
  process.stderr.write(`clinic: could not start: ${err.message}\n`);
  process.exit(1);
});
const policy = 'examples/clinic/policy.json';
process.stdout.write(
  [
    '',
    '  Confero — the clinic example',
    `  database   ${clinic.database.description}${clinic.seeded ? ' (seeded now)' : ''}`,
    `  gateway    ${clinic.url}`,
    `  subgraphs  patients ${clinic.subgraphs.patients.url}`,
    `             appointments ${clinic.subgraphs.appointments.url}`,
    `             billing ${clinic.subgraphs.billing.url}`,
    `  policy     ${CLINIC_POLICY_PATH}, version ${clinic.policy.version}: roles ${[...clinic.policy.roles.keys()].join(', ')}`,
    '',
    `  Get a token:   npm run -s token -- --policy ${policy} --role CLINICIAN`,
    `  Try it:        curl -s ${clinic.url} -H "authorization: Bearer $(npm run -s token -- --policy ${policy} --role RECEPTIONIST)" \\`,
    `                   -H 'x-purpose: SCHEDULING' -H 'content-type: application/json' \\`,
    `                   -d '{"query":"{ patients(first: 2) { nodes { id name dateOfBirth allergies } } }"}'`,
    `  A patient:     npm run -s token -- --policy ${policy} --role PATIENT --id pat_0001   (x-purpose: SELF_SERVICE)`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n') + '\n',
);
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await clinic.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
