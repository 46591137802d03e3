import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { getOperationAST, validate, type ExecutionResult } from 'graphql';
import type { Deployment, Deployments } from '../deployment/index.ts';
import type { HiveEngine } from '../engine/index.ts';
import type { GatewayContext } from '../gatewayContext.ts';
import type { PrivacyEngine } from './privacyEngine.ts';
import { subgraphFailureStatus } from '../fetch/subgraphDataSource.ts';

/**
 * Apollo Server's gateway: every operation is privacy-planned before query planning — denied
 * fields are pruned from the document (with its own queryHash, so plans built for one role
 * are never reused for another), the result is masked and restored to the caller's shape,
 * and PII responses are audited before they leave — all under the request's own deployment
 * version (`context.deployment`, taken when it started): its policy, its privacy plan cache
 * entry, and its supergraph's query planner (Apollo Gateway's, or Hive's with `hive`). Apollo
 * Server is told of each new supergraph (it parses and validates against its API schema).
 */
export class PrivacyGateway implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  /** @param hive when given, pruned operations are planned and executed by it (Hive's planner) instead of Apollo Gateway's. */
  constructor(
    private readonly deployments: Deployments,
    private readonly engine: PrivacyEngine,
    private readonly hive?: HiveEngine,
  ) {
    deployments.onSwap((next, previous) => {
      if (next.supergraph !== previous.supergraph) this.announce(next);
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    this.listeners.add(callback);
    return () => void this.listeners.delete(callback);
  }

  async load(): Promise<GatewayLoadResult> {
    this.announce(this.deployments.current);
    const executor: GatewayExecutor = (requestContext) => this.execute(requestContext as GatewayGraphQLRequestContext<GatewayContext>);
    return { executor };
  }

  async stop(): Promise<void> {
    await this.deployments.current.supergraph.stop();
  }

  private announce(deployment: Deployment): void {
    const { apiSchema, sdl } = deployment.supergraph;
    for (const listener of this.listeners) listener({ apiSchema, coreSupergraphSdl: sdl });
  }

  private async execute(rc: GatewayGraphQLRequestContext<GatewayContext>): Promise<ExecutionResult> {
    const { caller, deployment } = rc.context;
    const schema = deployment.supergraph.apiSchema;
    if (rc.schema !== schema) {
      // The supergraph changed between this request's start and Apollo's validation: it is
      // validated again against its own version's schema, which decides it throughout.
      const errors = validate(schema, rc.document);
      if (errors.length > 0) return { errors };
    }
    const prepared = this.engine.prepare({
      deployment,
      schema,
      document: rc.document,
      queryHash: rc.queryHash,
      operationName: rc.request.operationName ?? null,
      caller,
      strict: rc.context.strict,
      explain: rc.context.explain,
      variables: rc.request.variables ?? {},
    });
    if ('errors' in prepared) {
      if (rc.response?.http) rc.response.http.status = prepared.status;
      return { errors: prepared.errors };
    }
    const { plan, args } = prepared;
    if (prepared.explain) return { data: null, extensions: { privacy: { explain: prepared.explain } } };
    const finish = (result: ExecutionResult) =>
      this.engine.finish({ deployment, result, plan, args, caller, clientRequestId: rc.context.clientRequestId, variables: rc.request.variables ?? {}, operationName: rc.operationName, onError: (status) => {
        if (rc.response?.http) rc.response.http.status = status;
      } });
    // Every root field was withheld: nothing to ask the subgraphs; the caller gets nulls.
    if (!plan.executable) return finish({ data: {} });
    const pruned: GatewayGraphQLRequestContext<GatewayContext> = plan.unchanged
      ? { ...rc, schema }
      : {
          ...rc,
          schema,
          document: plan.document,
          source: plan.source,
          queryHash: plan.queryHash,
          operation: getOperationAST(plan.document, rc.request.operationName) ?? rc.operation,
        };
    const { hive } = deployment.supergraph;
    const result = this.hive && hive ? await this.hive.execute(pruned, hive) : await deployment.supergraph.executor(pruned);
    const failed = subgraphFailureStatus(result);
    if (failed && rc.response?.http) rc.response.http.status = failed; // nothing could be fetched: 502/504, not 200
    return finish(result);
  }
}
