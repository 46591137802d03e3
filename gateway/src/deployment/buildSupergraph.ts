import { createHash } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import type { GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { readPiiAnnotations } from '@confero/directives';
import type { Logger } from 'pino';
import type { HiveEngine } from '../engine/index.ts';
import { SubgraphDataSource } from '../fetch/subgraphDataSource.ts';
import { keepApolloTelemetryOff } from './apolloTelemetry.ts';
import type { ServedSupergraph } from './deployment.ts';

/** Options of {@link buildSupergraph}. */
export interface BuildSupergraphOptions {
  /** Subgraph URLs by subgraph name, overriding those in the supergraph. Default: none. */
  subgraphUrls?: Record<string, string>;
  /** How long one subgraph request may take, in ms. Default 10000. */
  subgraphTimeoutMs?: number;
  /** Identical queries of the same caller in flight at the same time share one subgraph request. Default true. */
  shareInFlightQueries?: boolean;
  /** Hive's planner, when it plans (`QUERY_PLANNER=hive`): the supergraph is loaded into it too. Default: none. */
  hive?: HiveEngine;
  logger: Logger;
}

/** sha256 of a text, 16 hex digits. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Loads a supergraph for serving: a new Apollo Gateway over it (which validates it and builds
 * its API schema and query planner; it plans and executes with `QUERY_PLANNER=apollo`), and
 * with `hive`, a new Hive planner. Throws, with Apollo's or Hive's reason, on a supergraph
 * either refuses.
 */
export async function buildSupergraph(sdl: string, options: BuildSupergraphOptions): Promise<ServedSupergraph> {
  const { logger } = options;
  keepApolloTelemetryOff();
  const inner = new ApolloGateway({
    supergraphSdl: sdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ name, url: options.subgraphUrls?.[name] ?? url ?? '', timeoutMs: options.subgraphTimeoutMs, logger, shareInFlightQueries: options.shareInFlightQueries }),
    logger,
  });
  let loaded: Parameters<GatewaySchemaLoadOrUpdateCallback>[0] | undefined;
  const unsubscribe = inner.onSchemaLoadOrUpdate((context) => (loaded = context));
  const { executor } = await inner.load();
  unsubscribe();
  if (!loaded || !executor) throw new Error('gateway: Apollo Gateway did not load the supergraph');
  const { apiSchema, coreSupergraphSdl } = loaded;
  return {
    digest: digestOf(sdl),
    sdl,
    apiSchema,
    piiIndex: readPiiAnnotations(coreSupergraphSdl),
    executor,
    hive: options.hive?.load(apiSchema, coreSupergraphSdl),
    stop: () => inner.stop(),
  };
}
