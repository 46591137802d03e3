import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { ApolloGateway } from '@apollo/gateway';
import { getOperationAST, type GraphQLSchema } from 'graphql';
import type { HiveEngine } from '../engine/index.ts';
import type { GatewayContext } from '../gatewayContext.ts';
import type { PrivacyEngine } from './privacyEngine.ts';
import { subgraphFailureStatus } from '../fetch/subgraphDataSource.ts';

/**
 * Wraps an Apollo Gateway so every operation is privacy-planned before query planning:
 * denied fields are pruned from the document (with its own queryHash, so plans built for one
 * role are never reused for another), the result is masked and restored to the caller's shape,
 * and PII responses are audited before they leave.
 */
export class PrivacyGateway implements GatewayInterface {
  private apiSchema: GraphQLSchema | undefined;
  private schemaGeneration = 0;

  /**
   * @param hive when given, pruned operations are planned and executed by it (Hive's planner)
   *   instead of Apollo Gateway's; the Apollo Gateway still loads the supergraph.
   */
  constructor(
    private readonly inner: ApolloGateway,
    private readonly engine: PrivacyEngine,
    private readonly hive?: HiveEngine,
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.inner.onSchemaLoadOrUpdate((schemaContext) => {
      this.apiSchema = schemaContext.apiSchema;
      this.schemaGeneration += 1;
      this.engine.onSchema(schemaContext.apiSchema, schemaContext.coreSupergraphSdl);
      this.hive?.onSchema(schemaContext.apiSchema, schemaContext.coreSupergraphSdl);
      callback(schemaContext);
    });
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.inner.load(options);
    const hive = this.hive;
    const inner: GatewayExecutor | null = hive ? (rc) => hive.execute(rc as GatewayGraphQLRequestContext<GatewayContext>) : loaded.executor;
    if (!inner) return loaded;
    const executor: GatewayExecutor = (requestContext) => this.execute(requestContext as GatewayGraphQLRequestContext<GatewayContext>, inner);
    return { executor };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(rc: GatewayGraphQLRequestContext<GatewayContext>, inner: GatewayExecutor) {
    const caller = rc.context.caller;
    const prepared = this.engine.prepare({
      schema: this.apiSchema ?? rc.schema,
      schemaGeneration: this.schemaGeneration,
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
    if (!plan.executable) {
      // Every root field was withheld: nothing to ask the subgraphs; the caller gets nulls.
      return this.engine.finish({ result: { data: {} }, plan, args, caller, clientRequestId: rc.context.clientRequestId, variables: rc.request.variables ?? {}, operationName: rc.operationName, onError: () => {} });
    }
    const pruned: GatewayGraphQLRequestContext<GatewayContext> = plan.unchanged
      ? rc
      : {
          ...rc,
          document: plan.document,
          source: plan.source,
          queryHash: plan.queryHash,
          operation: getOperationAST(plan.document, rc.request.operationName) ?? rc.operation,
        };
    const result = await inner(pruned);
    const failed = subgraphFailureStatus(result);
    if (failed && rc.response?.http) rc.response.http.status = failed; // nothing could be fetched: 502/504, not 200
    return this.engine.finish({ result, plan, args, caller, clientRequestId: rc.context.clientRequestId, variables: rc.request.variables ?? {}, operationName: rc.operationName, onError: (status) => {
      if (rc.response?.http) rc.response.http.status = status;
    } });
  }
}

