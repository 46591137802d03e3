import { QueryPlanner } from '@graphql-hive/router-query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  buildASTSchema,
  executeSync,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../gatewayContext.ts';
import { subgraphFailure } from '../fetch/subgraphDataSource.ts';
import { PlanCache } from '../privacy/planCache.ts';
import type { ExecFetch } from './compileHivePlan.ts';
import { executeHivePlan } from './executeHivePlan.ts';
import { mergeData } from './mergeData.ts';
import { prepareOperation, type PreparedOperation } from './prepareOperation.ts';
import { shapeResponse } from './shapeResponse.ts';
import { postTargetOf } from './postJson.ts';
import { subgraphUrlsOf } from './subgraphUrlsOf.ts';
import { SubgraphRequests, type SubgraphTarget } from './subgraphRequests.ts';
import { TypeConditions } from './typeConditions.ts';

/** Options of {@link HiveEngine}. */
export interface HiveEngineOptions {
  /** Subgraph URLs by subgraph name, overriding those in the supergraph. Default: none. */
  subgraphUrls?: Record<string, string>;
  /** How long one subgraph request (answer and body) may take, in ms. Default 10000. */
  timeoutMs?: number;
  /** Identical queries of the same caller in flight at the same time share one subgraph request. Default true. */
  shareInFlightQueries?: boolean;
  /** Most cached query plans. Default 2000. */
  planCacheSize?: number;
  /** Failed subgraph requests and operations the planner refused are logged here. Default: not logged. */
  logger?: Logger;
}

/** One supergraph, loaded for Hive's planner ({@link HiveEngine.load}): what `execute` plans and sends with. */
export interface HiveSupergraph {
  readonly generation: number;
  readonly api: GraphQLSchema;
  readonly planner: QueryPlanner;
  readonly types: TypeConditions;
  /** The subgraphs by name. */
  readonly subgraphs: ReadonlyMap<string, SubgraphTarget>;
}

/** A plan the planner refused, cached like a plan (the same operation is not planned again). */
interface Refused {
  readonly refused: GraphQLError;
}

/**
 * Plans with Hive's Rust query planner (`@graphql-hive/router-query-planner`, napi) and
 * executes the plan itself: fewer, larger subgraph requests than Apollo's planner (entity
 * fetches of one subgraph at one step of the plan go together, in one request with one
 * `_entities` alias each; representations are deduplicated). It takes the place of Apollo
 * Gateway's executor behind the privacy layer, with the same inputs (the pruned document and
 * its own `queryHash`) and the same kind of result (data shaped to the operation, subgraph
 * errors at their paths, the same error codes).
 */
export class HiveEngine {
  private generation = 0;
  private readonly plans: PlanCache<PreparedOperation | Refused>;
  private readonly requests: SubgraphRequests;

  constructor(private readonly options: HiveEngineOptions = {}) {
    this.plans = new PlanCache(options.planCacheSize ?? 2000);
    this.requests = new SubgraphRequests({ timeoutMs: options.timeoutMs, logger: options.logger, shareInFlightQueries: options.shareInFlightQueries });
  }

  /** How many subgraph requests were saved by sharing an identical one in flight. */
  get sharedRequests(): number {
    return this.requests.sharedRequests;
  }

  /**
   * Loads a supergraph (a deployment version's): a planner of its own, the subgraphs' URLs.
   * Plans are cached by the supergraph they were made for (its generation), so none is used
   * for another; the plans of earlier supergraphs are dropped. Throws when the planner refuses
   * the supergraph.
   */
  load(apiSchema: GraphQLSchema, supergraphSdl: string): HiveSupergraph {
    const document = parse(supergraphSdl);
    const loaded: HiveSupergraph = {
      generation: this.generation + 1,
      api: apiSchema,
      planner: new QueryPlanner(supergraphSdl),
      types: new TypeConditions(buildASTSchema(document, { assumeValidSDL: true })),
      subgraphs: subgraphTargets({ ...subgraphUrlsOf(document), ...this.options.subgraphUrls }),
    };
    this.generation = loaded.generation;
    this.plans.clear();
    return loaded;
  }

  /** Executes an (already privacy-pruned) operation for one request, on the supergraph of its deployment version. */
  async execute(rc: GatewayGraphQLRequestContext<GatewayContext>, loaded: HiveSupergraph): Promise<ExecutionResult> {
    const operation = rc.operation ?? getOperationAST(rc.document, rc.request.operationName);
    if (!operation) return { errors: [new GraphQLError('No operation to execute.')] };
    if (operation.operation === 'subscription') return { errors: [new GraphQLError('Subscriptions are not supported by this gateway.')] };
    const coerced = getVariableValues(loaded.api, operation.variableDefinitions ?? [], rc.request.variables ?? {});
    if (coerced.errors) return { errors: coerced.errors };
    const variables = coerced.coerced;
    const prepared = this.prepared(loaded, rc);
    if ('refused' in prepared) return { errors: [prepared.refused] };

    const data: Record<string, unknown> = {};
    const errors: GraphQLError[] = [];
    const shareable = operation.operation === 'query';
    if (prepared.plan) {
      await executeHivePlan(prepared.plan, {
        data,
        errors,
        variables,
        send: (fetch, fetchVariables) => {
          const subgraph = loaded.subgraphs.get(fetch.serviceName);
          if (!subgraph) return Promise.reject(subgraphFailure('SUBGRAPH_UNAVAILABLE', fetch.serviceName)); // no usable URL
          return this.requests.send(subgraph, bodyOf(fetch, fetchVariables), rc.context, shareable);
        },
      });
    }
    if (prepared.introspection) {
      const answered = executeSync({ schema: loaded.api, document: prepared.introspection, variableValues: rc.request.variables ?? {} });
      if (answered.errors) errors.push(...answered.errors);
      mergeData(data, answered.data);
    }
    const conditionsKey = prepared.conditionVariables.map((name) => String(variables[name])).join(',');
    const shaped = shapeResponse(data, prepared.root, { schema: loaded.api, fragments: prepared.fragments, variables, conditionsKey });
    if (errors.length > 0) return { errors, data: shaped.data };
    if (shaped.errors.length > 0) return { data: shaped.data, extensions: { valueCompletion: shaped.errors.map((e) => e.toJSON()) } };
    return { data: shaped.data };
  }

  private prepared(loaded: HiveSupergraph, rc: GatewayGraphQLRequestContext<GatewayContext>): PreparedOperation | Refused {
    const key = `${loaded.generation}\u0000${rc.request.operationName ?? ''}\u0000${rc.queryHash}`;
    let prepared = this.plans.get(key);
    if (prepared) return prepared;
    const operation = rc.operation ?? getOperationAST(rc.document, rc.request.operationName)!;
    const rootType = loaded.api.getRootType(operation.operation);
    try {
      if (!rootType) throw new Error(`the schema has no ${operation.operation} type`);
      prepared = prepareOperation({ planner: loaded.planner, types: loaded.types, rootType, document: rc.document as DocumentNode, operation, source: rc.source });
    } catch (err) {
      this.options.logger?.warn({ operationName: rc.request.operationName, err: (err as Error).message }, 'the query planner could not plan an operation');
      prepared = { refused: new GraphQLError(`This operation could not be planned: ${(err as Error).message}`) };
    }
    this.plans.set(key, prepared);
    return prepared;
  }
}

/** The subgraph request's JSON body (the operation's JSON is computed once per fetch). */
function bodyOf(fetch: ExecFetch, variables: Record<string, unknown> | undefined): string {
  let body = fetch.queryJson;
  if (variables) body += `,"variables":${JSON.stringify(variables)}`;
  if (fetch.operationName) body += `,"operationName":${JSON.stringify(fetch.operationName)}`;
  return `${body}}`;
}

/** The subgraphs by name; one whose URL does not parse is left out (its fetches fail as unavailable). */
function subgraphTargets(urls: Record<string, string>): Map<string, SubgraphTarget> {
  const targets = new Map<string, SubgraphTarget>();
  for (const [name, url] of Object.entries(urls)) {
    if (URL.canParse(url)) targets.set(name, { name, url, post: postTargetOf(url) });
  }
  return targets;
}
