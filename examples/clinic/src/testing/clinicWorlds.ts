import { signDevToken } from '@confero/gateway';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { seedClinic } from '../seed/seedClinic.ts';
import { generateClinicData, type ClinicData, type ClinicSeedOptions } from '../seed/generateClinicData.ts';
import { startClinic, type RunningClinic } from '../startClinic.ts';

export const TEST_SECRETS = {
  jwt: 'clinic-test-jwt-secret-0123456789-0123456789',
  callerContext: 'clinic-test-caller-context-secret-0123456789',
  hashKey: 'clinic-test-pii-hash-key-0123456789',
};

/** Who calls: the token's claims. */
export interface ClinicCaller {
  role: string;
  sub?: string;
  patientId?: string;
}

/** One HTTP answer of the gateway. */
export interface ClinicAnswer {
  status: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response data freely
  json: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }>; extensions?: Record<string, any> };
  requestId: string | null;
}

/** One clinic, with a way to call its gateway. */
export interface ClinicWorld {
  clinic: RunningClinic;
  ask(caller: ClinicCaller, purpose: string | null, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<ClinicAnswer>;
}

/** Two clinics, each with its own database, the same secrets, policy and seed: world A and world B. */
export interface ClinicWorlds {
  a: ClinicWorld;
  b: ClinicWorld;
  data: ClinicData;
  /** Replaces every document of world B's three collections with `data`. */
  writeWorldB(data: ClinicData): Promise<void>;
  stop(): Promise<void>;
}

const token = (caller: ClinicCaller) => signDevToken({ sub: caller.sub ?? `test-${caller.role.toLowerCase()}`, role: caller.role, ...(caller.patientId ? { patientId: caller.patientId } : {}) }, TEST_SECRETS.jwt);

function worldOf(clinic: RunningClinic): ClinicWorld {
  return {
    clinic,
    async ask(caller, purpose, query, variables = {}, operationName) {
      const res = await fetch(clinic.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(caller)}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
        body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
      });
      const body = await res.text();
      let json: ClinicAnswer['json'] = {};
      try {
        json = JSON.parse(body) as ClinicAnswer['json'];
      } catch {
        json = {};
      }
      return { status: res.status, body, json, requestId: res.headers.get('x-request-id') };
    },
  };
}

/**
 * Starts two clinics (database, subgraphs, gateway process each) on free ports, both seeded
 * with the same data (`seed`); with `MONGODB_URI`, each on a database of its own there.
 */
export async function startClinicWorlds(seed: ClinicSeedOptions): Promise<ClinicWorlds> {
  const data = generateClinicData(seed);
  const external = process.env.MONGODB_URI;
  const uriFor = (world: string) => {
    if (!external) return undefined;
    const url = new URL(external);
    url.pathname = `/${url.pathname.replace(/^\//, '') || 'confero'}_clinic_${world}`;
    return url.toString();
  };
  const logger = pino({ level: 'silent' });
  const started = await Promise.allSettled(
    ['a', 'b'].map((world) => startClinic({ mongoUri: uriFor(world), seed: { clean: true, data }, secrets: TEST_SECRETS, logger, gatewayEnv: { LOG_LEVEL: 'error' } })),
  );
  const clinics = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(clinics.map((c) => c.stop()));
    throw failed.reason;
  }
  const [a, b] = clinics as [RunningClinic, RunningClinic];
  const connectionB = await mongoose.createConnection(b.database.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  return {
    a: worldOf(a),
    b: worldOf(b),
    data,
    writeWorldB: async (next) => void (await seedClinic(connectionB, { clean: true, data: next })),
    stop: async () => {
      await connectionB.close().catch(() => {});
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}
