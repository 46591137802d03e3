import type { SubgraphEnforcement } from './enforcedSchemas.ts';
import type { GraphQLSchema } from 'graphql';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

/** Options of each reference subgraph's start function (`start…Subgraph`). */
export interface SubgraphStartOptions {
  /** An open mongoose connection to the system's database. Required. */
  connection: Connection;
  /** Secret of the gateway's signed caller context (at least 32 bytes). Required. */
  callerSecret: Uint8Array;
  /** The record scope of a role. Default `() => 'none'` (deny by default). */
  scopeOf?: (role: string) => string;
  /** Rewrites the built schema (where the `@pii` transformer plugs in). Default: none. */
  transformSchema?: (schema: GraphQLSchema) => GraphQLSchema;
  /** A reloaded policy, each request decided under its own version (instead of `transformSchema` and `scopeOf`; see `startSubgraphServer`). Default: none. */
  enforcement?: SubgraphEnforcement;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Logger (the subgraph logs through a child `{ subgraph: name }`). Default: pino at `LOG_LEVEL` or `warn`. */
  logger?: Logger;
  /** Serve introspection. Default false. */
  introspection?: boolean;
}

/** Throws, naming `component`, unless `connection` is a mongoose connection. */
export function requireConnection(component: string, connection: unknown): asserts connection is Connection {
  const c = connection as Partial<Connection> | null | undefined;
  if (!c || typeof c.model !== 'function' || typeof c.collection !== 'function') {
    throw new Error(`${component}: connection must be a mongoose Connection`);
  }
}
