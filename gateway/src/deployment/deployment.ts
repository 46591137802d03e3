import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { CompiledPolicy, PiiIndex } from '@confero/directives';
import type { GraphQLSchema } from 'graphql';
import type { HiveSupergraph } from '../engine/index.ts';

/**
 * A supergraph loaded for serving: its API schema, its `@pii`, and a query planner of its own
 * (a new Apollo Gateway, or a new Hive planner). Deployment versions that keep the supergraph
 * share it; a new supergraph gets a new one, so no query plan is used for another supergraph.
 */
export interface ServedSupergraph {
  /** sha256 of the SDL (16 hex digits). */
  readonly digest: string;
  readonly sdl: string;
  readonly apiSchema: GraphQLSchema;
  readonly piiIndex: PiiIndex;
  /** Apollo Gateway's executor for this supergraph (its planner, its plan cache). */
  readonly executor: GatewayExecutor;
  /** With `QUERY_PLANNER=hive`: the supergraph loaded for Hive's planner. */
  readonly hive?: HiveSupergraph;
  /** Stops its Apollo Gateway. */
  stop(): Promise<void>;
}

/**
 * One deployment version: a policy and a supergraph, validated together (everything start-up
 * checks) and served as one. A request takes the current version when it starts and keeps it
 * to the end: its caller check, privacy plan, query plan, caller context, masks and audit event
 * are all of this version.
 */
export interface Deployment {
  /** (policy digest, supergraph digest) hashed: 12 hex digits, in audit events and `/health`. */
  readonly id: string;
  readonly policy: CompiledPolicy;
  /** `policyDigest(policy)`: signed into the caller context, audited. */
  readonly policyDigest: string;
  readonly supergraph: ServedSupergraph;
  /** The supergraph's `@pii` (`supergraph.piiIndex`). */
  readonly piiIndex: PiiIndex;
  readonly loadedAt: Date;
}

/** What `/health` and the logs say of a deployment version. */
export function describeDeployment(deployment: Deployment) {
  return {
    deploymentId: deployment.id,
    policyVersion: deployment.policy.version,
    policyDigest: deployment.policyDigest,
    supergraphDigest: deployment.supergraph.digest,
    loadedAt: deployment.loadedAt.toISOString(),
  };
}
