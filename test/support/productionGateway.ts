import { createLogger, startGateway, type RunningGateway } from '@confero/gateway';
import { systemOptionsFromEnv } from '@confero/tools';

/** The secrets a production gateway of the tests is configured with. */
export const PRODUCTION_SECRETS = {
  JWT_SECRET: 'explorer-test-production-jwt-secret-0123456789',
  CALLER_CONTEXT_SECRET: 'explorer-test-production-caller-secret-0123456789',
  PII_HASH_KEY: 'explorer-test-production-hash-key',
};

/** A gateway built from the environment as `npm run gateway` builds it, with NODE_ENV=production (no database, no subgraphs needed). */
export async function productionGateway(extra: NodeJS.ProcessEnv): Promise<RunningGateway> {
  const logger = createLogger('explorer-test', 'silent');
  const built = systemOptionsFromEnv(logger, { NODE_ENV: 'production', AUDIT: 'off', ...PRODUCTION_SECRETS, ...extra });
  if ('errors' in built) throw new Error(built.errors.join('\n'));
  const { audit: _audit, ...gateway } = built.options.gateway;
  // Subgraphs on a port nothing listens on: these tests never get as far as a subgraph.
  const closed = 'http://127.0.0.1:9/graphql';
  return startGateway({ ...gateway, port: 0, subgraphUrls: { shopper: closed, opportunity: closed, client: closed }, callerContextSecret: built.options.callerContextSecret, policy: built.options.policy, mongoUri: false, logger });
}
