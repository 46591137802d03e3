import { piiDirectiveTransformer, loadPolicyFile, type Caller, type CompiledPolicy } from '@confero/directives';
import { PolicyVersions, reconnectWhenStuck, type RunningSubgraph } from '@confero/subgraph-common';
import { startDatabase, type RunningDatabase } from '@confero/tools';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { CLINIC_AUDIT_SUBJECTS, CLINIC_INVARIANTS_PATH, CLINIC_POLICY_PATH, CLINIC_SUPERGRAPH_PATH } from './clinicFiles.ts';
import { CLINIC_SUBGRAPHS, type ClinicSubgraphName } from './clinicSubgraphs.ts';
import { startGatewayProcess, type RunningGatewayProcess } from './gatewayProcess.ts';
import { seedClinic, type SeedClinicOptions } from './seed/seedClinic.ts';
import type { ClinicData } from './seed/generateClinicData.ts';

/** Options of {@link startClinic}. */
export interface StartClinicOptions {
  /** An external MongoDB URI. Default: `process.env.MONGODB_URI`, else an embedded FerretDB of its own (the project's `startDatabase`). */
  mongoUri?: string;
  /** Ports (0 = any free). Default: 0 for each. */
  ports?: Partial<Record<'gateway' | ClinicSubgraphName, number>>;
  /** The seed; `false` writes none. Default: the default clinic, written only into an empty database (`ifEmpty`). */
  seed?: SeedClinicOptions | false;
  /** The secrets the gateway and the subgraphs share: token signing, caller context, pseudonym key. Required. */
  secrets: { jwt: string; callerContext: string; hashKey: string };
  /** Reload the policy (subgraphs and gateway) and the supergraph (gateway) when their files change. Default false. */
  watch?: boolean;
  /** More variables for the gateway process (they win). Default: none. */
  gatewayEnv?: Record<string, string>;
  /** Called with the gateway process's output. Default: kept only for a failed start's error. */
  onGatewayOutput?: (chunk: string) => void;
  logger: Logger;
}

/** The clinic, running. */
export interface RunningClinic {
  database: RunningDatabase;
  /** The gateway's GraphQL endpoint. */
  url: string;
  subgraphs: Record<ClinicSubgraphName, { url: string }>;
  policy: CompiledPolicy;
  /** What was seeded now; null when the database already held the clinic. */
  seeded: ClinicData | null;
  gateway: RunningGatewayProcess;
  stop(): Promise<void>;
}

/**
 * Starts the clinic example: a database (the project's embedded FerretDB, or `mongoUri`), its
 * seed, the three clinic subgraphs (on `@confero/subgraph-common`, enforcing the clinic's
 * policy version by version) and the project's gateway as its own process, unchanged, on the
 * clinic's supergraph and policy. `stop()` ends them in reverse.
 */
export async function startClinic(options: StartClinicOptions): Promise<RunningClinic> {
  const loaded = loadPolicyFile(CLINIC_POLICY_PATH, { invariants: CLINIC_INVARIANTS_PATH });
  if ('errors' in loaded) throw new Error(`startClinic: the clinic's policy is invalid:\n${loaded.errors.join('\n')}`);
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const database = await startDatabase({ uri: options.mongoUri, log: (line) => options.logger.info(line) });
    stops.push(() => database.stop());
    const connectOptions = { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' } as const;
    const connection = await mongoose.createConnection(database.uri, connectOptions).asPromise();
    stops.push(() => connection.close());
    const stopWatchdog = reconnectWhenStuck(connection, { uri: database.uri, connectOptions, logger: options.logger });
    stops.push(async () => stopWatchdog());
    const seeded = options.seed === false ? null : await seedClinic(connection, options.seed ?? { ifEmpty: true });

    const policies = new PolicyVersions({ policy: loaded.policy, policyPath: CLINIC_POLICY_PATH, invariantsPath: CLINIC_INVARIANTS_PATH, logger: options.logger });
    const watch = options.watch ? policies.watch() : undefined;
    stops.push(async () => watch?.close());
    const hashKey = options.secrets.hashKey;
    const enforcement = {
      policies,
      // Deny and record rules here; masks are the gateway's, so each value is masked once.
      transformSchema: (schema: Parameters<typeof piiDirectiveTransformer>[0], policy: CompiledPolicy) =>
        piiDirectiveTransformer(schema, { policy, hashKey, getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks: 'defer' }),
    };
    const callerSecret = new TextEncoder().encode(options.secrets.callerContext);
    const subgraphs = {} as RunningClinic['subgraphs'];
    for (const name of Object.keys(CLINIC_SUBGRAPHS) as ClinicSubgraphName[]) {
      const running: RunningSubgraph = await CLINIC_SUBGRAPHS[name].start({ connection, callerSecret, enforcement, port: options.ports?.[name] ?? 0, logger: options.logger });
      stops.push(() => running.stop());
      subgraphs[name] = { url: running.url };
    }

    const gateway = await startGatewayProcess({
      supergraphPath: CLINIC_SUPERGRAPH_PATH,
      policyPath: CLINIC_POLICY_PATH,
      onOutput: options.onGatewayOutput,
      env: {
        ...process.env,
        PORT: String(options.ports?.gateway ?? 0),
        MONGODB_URI: database.uri,
        JWT_SECRET: options.secrets.jwt,
        CALLER_CONTEXT_SECRET: options.secrets.callerContext,
        PII_HASH_KEY: options.secrets.hashKey,
        POLICY_INVARIANTS_PATH: CLINIC_INVARIANTS_PATH,
        SUBGRAPH_URL_PATIENTS: subgraphs.patients.url,
        SUBGRAPH_URL_APPOINTMENTS: subgraphs.appointments.url,
        SUBGRAPH_URL_BILLING: subgraphs.billing.url,
        AUDIT_SUBJECT_TYPES: CLINIC_AUDIT_SUBJECTS.types.join(','),
        AUDIT_SUBJECT_VIA: Object.entries(CLINIC_AUDIT_SUBJECTS.via).map(([type, field]) => `${type}.${field}`).join(','),
        WATCH_DEPLOYMENT_FILES: options.watch ? 'on' : 'off',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        ...options.gatewayEnv,
      },
    });
    stops.push(() => gateway.stop());
    return { database, url: gateway.url, subgraphs, policy: loaded.policy, seeded, gateway, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
