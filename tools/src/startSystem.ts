import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { queryPlannerOf, startGateway, type DeploymentFiles, type RunningGateway, type GatewayOptions } from '@confero/gateway';
import { startClientSubgraph } from '@confero/subgraph-client';
import { startOpportunitySubgraph } from '@confero/subgraph-opportunity';
import { startShopperSubgraph } from '@confero/subgraph-shopper';
import { piiDirectiveTransformer, type Caller, type CompiledPolicy } from '@confero/directives';
import { detectQueryShape, PolicyVersions, reconnectWhenStuck, type QueryShapeInfo } from '@confero/subgraph-common';
import { DEFAULT_SUBGRAPH_PORTS, REFERENCE_AUDIT_SUBJECTS } from '@confero/schema';
import { seedIfEmpty, type SeedOptions } from './seed/index.ts';
import { startDatabase, type RunningDatabase } from './startDatabase.ts';

/** Options of {@link startSystem}; every field has a default suited to tests and `npm start`. */
export interface SystemOptions {
  /** External MongoDB URI. Default `process.env.MONGODB_URI`, else an embedded engine. */
  mongoUri?: string;
  /** MongoDB URI of the audit store the gateway writes to. Default: the system's own database. */
  auditMongoUri?: string;
  /** Data folder of the embedded database. Default: a temporary folder, removed on stop. */
  dataDir?: string;
  /** Gateway port (0 = any free). Default 4000. */
  gatewayPort?: number;
  /** Subgraph ports (0 = any free). Default 4001, 4002, 4003. */
  subgraphPorts?: { shopper?: number; opportunity?: number; client?: number };
  /** Called for each database command a subgraph sends (turns on the driver's command monitoring on the subgraphs' connections; benchmarks count round trips with it). Default: none. */
  onSubgraphCommand?: (subgraph: 'shopper' | 'opportunity' | 'client', commandName: string) => void;
  /** Called for each database command the gateway sends to its audit store (turns on the driver's command monitoring on that connection; benchmarks count audit writes with it). Default: none. */
  onAuditCommand?: (commandName: string) => void;
  /** Seed sizes; `false` skips seeding. Default: the default seed, written only into an empty database. */
  seed?: SeedOptions | false;
  /** Secret shared by the gateway and the subgraphs for the signed caller context. */
  callerContextSecret: string;
  /** The privacy policy both layers enforce (first). */
  policy: CompiledPolicy;
  /**
   * The files the policy and supergraph come from: the gateway and the subgraphs reload them
   * when they change (and on `reload()`), each request decided under one version throughout.
   * Default: none (the policy and supergraph given are served until the system stops).
   */
  deploymentFiles?: DeploymentFiles;
  /** Gateway options beyond those derived here (auth, hash key, strictness, auditing…); `queryPlanner` defaults to `QUERY_PLANNER` from the environment, else the gateway's default (`hive`). */
  gateway: Omit<GatewayOptions, 'port' | 'subgraphUrls' | 'callerContextSecret' | 'policy' | 'deploymentFiles' | 'mongoUri' | 'logger'> & {
    /** Write the audit trail (to `auditMongoUri`, else the system's database). Default true; off only for benchmarks. */
    audit?: boolean;
  };
  logger: Logger;
}

/** The whole system, running. */
export interface RunningSystem {
  database: RunningDatabase;
  gateway: RunningGateway;
  subgraphs: Record<'shopper' | 'opportunity' | 'client', { url: string; port: number }>;
  seeded: boolean;
  /** How the subgraphs' data layer shapes its reads for the engine (for the banner). */
  dataLayer: QueryShapeInfo;
  /** The subgraphs' policy versions (one set, shared by the three). */
  policies: PolicyVersions;
  /** Reloads the deployment files: the subgraphs' policy first, then the gateway (the order of a rollout). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts database, seed, the three subgraphs and the gateway; `stop()` ends them in reverse. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const database = await startDatabase({ uri: options.mongoUri, dataDir: options.dataDir, log: (l) => options.logger.info(l) });
    stops.push(() => database.stop());
    const seedConnection = await mongoose.createConnection(database.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    stops.push(() => seedConnection.close());
    const seeded = options.seed === false ? false : (await seedIfEmpty(seedConnection, options.seed ?? {})).seeded;

    const callerSecret = new TextEncoder().encode(options.callerContextSecret);
    const hashKey = options.gateway.hashKey;
    const files = options.deploymentFiles;
    // One set of policy versions for the three subgraphs: each request decided under the version the gateway named.
    const policies = new PolicyVersions({ policy: options.policy, policyPath: files?.policyPath, invariantsPath: files?.invariantsPath, logger: options.logger.child({ component: 'subgraph-policy' }) });
    const watch = files && options.gateway.watchDeploymentFiles !== false ? policies.watch() : undefined;
    stops.push(async () => watch?.close());
    const enforcement = {
      policies,
      transformSchema: (schema: Parameters<typeof piiDirectiveTransformer>[0], policy: CompiledPolicy) =>
        // Subgraphs deny and apply record rules (consent) themselves; masks are left to the
        // gateway so each value is masked exactly once.
        piiDirectiveTransformer(schema, { policy, hashKey, getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks: 'defer' }),
    };
    const ports = { ...DEFAULT_SUBGRAPH_PORTS, ...options.subgraphPorts };
    const starters = { shopper: startShopperSubgraph, opportunity: startOpportunitySubgraph, client: startClientSubgraph };
    const subgraphs = {} as RunningSystem['subgraphs'];
    let dataLayer: QueryShapeInfo | undefined;
    // The shopper subgraph serves the audit trail (Query.auditEvents) from the audit store.
    let auditConnection: mongoose.Connection | undefined;
    if (options.auditMongoUri) {
      const audit = await mongoose.createConnection(options.auditMongoUri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' }).asPromise();
      stops.push(() => audit.close());
      auditConnection = audit;
    }
    for (const name of ['shopper', 'opportunity', 'client'] as const) {
      const monitor = options.onSubgraphCommand;
      const connectOptions = { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll', monitorCommands: monitor !== undefined } as const;
      const connection = await mongoose.createConnection(database.uri, connectOptions).asPromise();
      stops.push(() => connection.close());
      // As in a subgraph's own process (runSubgraphMain): reopen a client left stuck after the database restarted.
      const stopWatchdog = reconnectWhenStuck(connection, { uri: database.uri, connectOptions, logger: options.logger.child({ subgraph: name }) });
      stops.push(async () => stopWatchdog());
      if (monitor) connection.getClient().on('commandStarted', (event) => monitor(name, event.commandName));
      dataLayer ??= await detectQueryShape(connection);
      const running = await starters[name]({ connection, auditConnection, callerSecret, enforcement, port: ports[name], logger: options.logger });
      stops.push(() => running.stop());
      subgraphs[name] = { url: running.url, port: running.port };
    }

    const { audit, ...gatewayOptions } = options.gateway;
    const auditUri = options.auditMongoUri ?? database.uri;
    const connectionsBefore = new Set(mongoose.connections);
    const gateway = await startGateway({
      ...gatewayOptions,
      port: options.gatewayPort ?? 4000,
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([n, s]) => [n, s.url])),
      callerContextSecret: options.callerContextSecret,
      policy: options.policy,
      deploymentFiles: files,
      mongoUri: audit === false ? false : options.onAuditCommand ? withCommandMonitoring(auditUri) : auditUri,
      // The reference deployment's data subjects (the gateway names none of its own).
      auditSubjectTypes: gatewayOptions.auditSubjectTypes ?? [...REFERENCE_AUDIT_SUBJECTS.types],
      auditSubjectVia: gatewayOptions.auditSubjectVia ?? { ...REFERENCE_AUDIT_SUBJECTS.via },
      // The whole-system tests run on each engine: `QUERY_PLANNER=apollo npm test`.
      queryPlanner: gatewayOptions.queryPlanner ?? queryPlannerOf(process.env.QUERY_PLANNER),
      logger: options.logger,
    });
    stops.push(() => gateway.stop());
    const onAudit = options.onAuditCommand;
    if (onAudit) {
      // The gateway's own connection: the one it opened, with command monitoring asked for in its URI.
      for (const c of mongoose.connections) {
        if (!connectionsBefore.has(c) && c.readyState === 1 && c.getClient().options.monitorCommands) c.getClient().on('commandStarted', (e) => onAudit(e.commandName));
      }
    }
    const reload = async () => {
      await policies.reload();
      await gateway.reload();
    };
    return { database, gateway, subgraphs, seeded, dataLayer: dataLayer!, policies, reload, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function withCommandMonitoring(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}
