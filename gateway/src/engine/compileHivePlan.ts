import type {
  FetchNode,
  FetchNodePathSegment,
  FetchRewrite,
  FlattenNodePathSegment,
  PlanNode,
  QueryPlan,
  RequiresSelection,
} from '@graphql-hive/router-query-planner';
import type { TypeConditions } from './typeConditions.ts';

/**
 * A Hive query plan turned into what the executor walks without looking anything up: paths
 * as segments, type conditions as sets of concrete type names, rewrites normalised. Compiled
 * once per (pruned operation, schema) and cached with the plan.
 */
export type ExecNode =
  | { readonly kind: 'fetch'; readonly fetch: ExecFetch }
  | { readonly kind: 'flatten'; readonly path: readonly PathStep[]; readonly fetch: ExecFetch }
  | { readonly kind: 'batch'; readonly fetch: ExecFetch; readonly aliases: readonly BatchAlias[] }
  | { readonly kind: 'sequence'; readonly nodes: readonly ExecNode[] }
  | { readonly kind: 'parallel'; readonly nodes: readonly ExecNode[] }
  | { readonly kind: 'condition'; readonly variable: string; readonly ifClause?: ExecNode; readonly elseClause?: ExecNode };

/** One subgraph request of the plan. */
export interface ExecFetch {
  readonly serviceName: string;
  /** The subgraph operation, as the planner printed it (sent as is). */
  readonly operation: string;
  /** The start of the request's JSON body: `{"query":"…"` (the rest is added per request). */
  readonly queryJson: string;
  readonly operationName?: string;
  readonly operationKind: 'query' | 'mutation';
  /** The operation's variables this request sends. */
  readonly variableUsages: readonly string[];
  /** Entity fetches: what each representation is built from. */
  readonly requires?: readonly RequireStep[];
  readonly inputRewrites?: readonly Rewrite[];
  readonly outputRewrites?: readonly Rewrite[];
}

/** One `_entities` alias of a batched entity fetch. */
export interface BatchAlias {
  readonly alias: string;
  readonly variable: string;
  readonly paths: ReadonlyArray<readonly PathStep[]>;
  readonly requires: readonly RequireStep[];
  readonly inputRewrites?: readonly Rewrite[];
  readonly outputRewrites?: readonly Rewrite[];
}

/** A step of a flatten path: a field, every element of a list, or only objects of some types. */
export type PathStep = { readonly field: string } | { readonly list: true } | { readonly types: ReadonlySet<string> };

/**
 * What a representation is built from (Apollo's `requires` selections): `field` is the key of
 * the value in the response so far, `key` its key in the representation. They differ where the
 * planner aliased a field (Hive's plan: `name` is the alias it fetched, `alias` the field's name).
 */
export type RequireStep =
  | { readonly field: string; readonly key: string; readonly selections?: readonly RequireStep[] }
  | { readonly types: ReadonlySet<string>; readonly selections: readonly RequireStep[] };

/** A rewrite of a representation (input) or of a subgraph's answer (output). */
export interface Rewrite {
  readonly kind: 'set' | 'rename';
  /** Keys, or type conditions that the object at that point must satisfy. */
  readonly path: ReadonlyArray<string | ReadonlySet<string>>;
  /** `set`: the value to set; `rename`: the new key. */
  readonly to: string;
}

/** A plan the engine cannot run (a node kind it does not support). */
export class UnsupportedPlanError extends Error {
  override readonly name = 'UnsupportedPlanError';
}

/** Compiles a Hive query plan; `undefined` for a plan with nothing to fetch. */
export function compileHivePlan(plan: QueryPlan, types: TypeConditions): ExecNode | undefined {
  return plan.node ? compileNode(plan.node, types) : undefined;
}

function compileNode(node: PlanNode, types: TypeConditions): ExecNode {
  switch (node.kind) {
    case 'Fetch':
      return { kind: 'fetch', fetch: compileFetch(node, types) };
    case 'Flatten': {
      if (node.node.kind !== 'Fetch') throw new UnsupportedPlanError(`a Flatten over a ${node.node.kind} node`);
      return { kind: 'flatten', path: node.path.map((s) => pathStep(s, types)), fetch: compileFetch(node.node, types) };
    }
    case 'BatchFetch':
      return {
        kind: 'batch',
        fetch: compileFetch({ ...node, kind: 'Fetch' }, types),
        aliases: node.entityBatch.aliases.map((a) => ({
          alias: a.alias,
          variable: a.representationsVariableName,
          paths: a.paths.map((p) => p.map((s) => pathStep(s, types))),
          requires: a.requires.map((r) => requireStep(r, types)),
          ...rewritesOf('inputRewrites', a.inputRewrites, types),
          ...rewritesOf('outputRewrites', a.outputRewrites, types),
        })),
      };
    case 'Sequence':
      return { kind: 'sequence', nodes: node.nodes.map((n) => compileNode(n, types)) };
    case 'Parallel':
      return { kind: 'parallel', nodes: node.nodes.map((n) => compileNode(n, types)) };
    case 'Condition':
      return {
        kind: 'condition',
        variable: node.condition,
        ...(node.ifClause ? { ifClause: compileNode(node.ifClause, types) } : {}),
        ...(node.elseClause ? { elseClause: compileNode(node.elseClause, types) } : {}),
      };
    default:
      throw new UnsupportedPlanError(`a ${node.kind} node (subscriptions and @defer are not supported)`);
  }
}

function compileFetch(node: FetchNode, types: TypeConditions): ExecFetch {
  const kind = node.operationKind ?? 'query';
  if (kind === 'subscription') throw new UnsupportedPlanError('a subscription');
  return {
    serviceName: node.serviceName,
    operation: node.operation,
    queryJson: `{"query":${JSON.stringify(node.operation)}`,
    ...(node.operationName ? { operationName: node.operationName } : {}),
    operationKind: kind,
    variableUsages: node.variableUsages ?? [],
    ...(node.requires?.length ? { requires: node.requires.map((r) => requireStep(r, types)) } : {}),
    ...rewritesOf('inputRewrites', node.inputRewrites, types),
    ...rewritesOf('outputRewrites', node.outputRewrites, types),
  };
}

function pathStep(segment: FlattenNodePathSegment, types: TypeConditions): PathStep {
  if (segment === '@') return { list: true };
  if ('Field' in segment) return { field: segment.Field };
  if ('TypeCondition' in segment) return { types: types.satisfying(segment.TypeCondition) };
  throw new UnsupportedPlanError(`a flatten path segment ${JSON.stringify(segment)}`);
}

function requireStep(selection: RequiresSelection, types: TypeConditions): RequireStep {
  switch (selection.kind) {
    case 'Field':
      return {
        field: selection.name,
        key: selection.alias ?? selection.name,
        ...(selection.selections?.length ? { selections: selection.selections.map((s) => requireStep(s, types)) } : {}),
      };
    case 'InlineFragment':
      if (selection.skipIf || selection.includeIf) throw new UnsupportedPlanError('a conditional fragment in a key');
      return { types: types.satisfying([selection.typeCondition]), selections: selection.selections.map((s) => requireStep(s, types)) };
    default:
      throw new UnsupportedPlanError(`a ${selection.kind} in a key`);
  }
}

function rewritesOf<K extends 'inputRewrites' | 'outputRewrites'>(key: K, rewrites: readonly FetchRewrite[] | undefined, types: TypeConditions): { [P in K]?: Rewrite[] } {
  if (!rewrites?.length) return {};
  return { [key]: rewrites.map((r) => rewrite(r, types)) } as { [P in K]?: Rewrite[] };
}

function rewrite(raw: FetchRewrite, types: TypeConditions): Rewrite {
  const path = (segments: readonly FetchNodePathSegment[]) =>
    segments.map((s) => ('Key' in s ? s.Key : types.satisfying(s.TypenameEquals)));
  if ('KeyRenamer' in raw) return { kind: 'rename', path: path(raw.KeyRenamer.path), to: raw.KeyRenamer.renameKeyTo };
  const setter = 'ValueSetter' in raw ? raw.ValueSetter : raw;
  return { kind: 'set', path: path(setter.path), to: setter.setValueTo };
}
