import { GraphQLError } from 'graphql';
import type { BatchAlias, ExecFetch, ExecNode, PathStep } from './compileHivePlan.ts';
import { visitAt } from './entityPaths.ts';
import { getOwn, isObject, mergeData } from './mergeData.ts';
import { applyRewrites, identityOf, representationOf } from './representations.ts';
import { subgraphFailure } from '../fetch/subgraphDataSource.ts';
import { subgraphError, type SubgraphAnswer } from './subgraphError.ts';

type Obj = Record<string, unknown>;

/** One run of a plan: the response so far, the errors, the request's variables and how to send a fetch. */
export interface PlanRun {
  readonly data: Obj;
  readonly errors: GraphQLError[];
  /** The operation's variables, coerced (defaults applied). */
  readonly variables: Readonly<Obj>;
  /** Sends one subgraph request; rejects with the caller-facing error when it fails. */
  send(fetch: ExecFetch, variables: Obj | undefined): Promise<SubgraphAnswer>;
}

/** Runs a compiled plan: fetches in sequence and in parallel as planned, each answer merged where it belongs. */
export async function executeHivePlan(node: ExecNode, run: PlanRun): Promise<void> {
  switch (node.kind) {
    case 'sequence':
      for (const child of node.nodes) await executeHivePlan(child, run);
      return;
    case 'parallel':
      await Promise.all(node.nodes.map((child) => executeHivePlan(child, run)));
      return;
    case 'condition': {
      const branch = run.variables[node.variable] === true ? node.ifClause : node.elseClause;
      if (branch) await executeHivePlan(branch, run);
      return;
    }
    case 'fetch':
      return rootFetch(node.fetch, run);
    case 'flatten':
      return entityFetch(node.fetch, [{ alias: '_entities', variable: 'representations', paths: [node.path], requires: node.fetch.requires ?? [], ...rewrites(node.fetch) }], run);
    case 'batch':
      return entityFetch(node.fetch, node.aliases, run);
  }
}

function rewrites(fetch: ExecFetch): Pick<BatchAlias, 'inputRewrites' | 'outputRewrites'> {
  return { ...(fetch.inputRewrites ? { inputRewrites: fetch.inputRewrites } : {}), ...(fetch.outputRewrites ? { outputRewrites: fetch.outputRewrites } : {}) };
}

function variablesOf(fetch: ExecFetch, run: PlanRun): Obj | undefined {
  if (fetch.variableUsages.length === 0) return undefined;
  const out: Obj = {};
  for (const name of fetch.variableUsages) if (run.variables[name] !== undefined) out[name] = run.variables[name];
  return out;
}

async function rootFetch(fetch: ExecFetch, run: PlanRun): Promise<void> {
  const answer = await sendOrRecord(fetch, variablesOf(fetch, run), run);
  if (!answer) return;
  for (const error of answer.errors ?? []) run.errors.push(subgraphError(error, fetch.serviceName, pathOf(error)));
  if (!isObject(answer.data)) return;
  if (fetch.outputRewrites) applyRewrites(fetch.outputRewrites, answer.data);
  mergeData(run.data, answer.data);
}

/** The entities of one alias: where they are, and which representation each one sent. */
interface AliasTargets {
  readonly alias: BatchAlias;
  readonly entities: Obj[];
  /** For each entity, the index of its representation in its variable's list. */
  readonly slots: number[];
}

/**
 * An `_entities` fetch (one alias) or a batch of them (several aliases, one request): the
 * representations of the entities at each alias's paths, deduplicated per variable, sent
 * together; each answer merged into every entity that sent the same representation.
 */
async function entityFetch(fetch: ExecFetch, aliases: readonly BatchAlias[], run: PlanRun): Promise<void> {
  const lists = new Map<string, { reps: Obj[]; index: Map<string, number> }>();
  const targets: AliasTargets[] = [];
  for (const alias of aliases) {
    let list = lists.get(alias.variable);
    if (!list) {
      list = { reps: [], index: new Map() };
      lists.set(alias.variable, list);
    }
    const { reps, index } = list;
    const entities: Obj[] = [];
    const slots: number[] = [];
    for (const path of alias.paths) {
      visitAt(run.data, path, (entity) => {
        const representation = representationOf(alias.requires, entity, alias.inputRewrites);
        if (!representation) return;
        const identity = identityOf(representation);
        let slot = index.get(identity);
        if (slot === undefined) {
          slot = reps.length;
          index.set(identity, slot);
          reps.push(representation);
        }
        entities.push(entity);
        slots.push(slot);
      });
    }
    targets.push({ alias, entities, slots });
  }
  if (![...lists.values()].some((l) => l.reps.length > 0)) return;
  const variables = variablesOf(fetch, run) ?? {};
  for (const [name, list] of lists) variables[name] = list.reps;
  const answer = await sendOrRecord(fetch, variables, run);
  if (!answer) return;
  if (answer.errors?.length) relocateErrors(answer.errors, fetch, targets, run);
  if (answer.data == null) return;
  for (const { alias, entities, slots } of targets) {
    if (entities.length === 0) continue;
    const received = isObject(answer.data) ? getOwn(answer.data, alias.alias) : undefined;
    const expected = lists.get(alias.variable)!.reps.length;
    if (!Array.isArray(received) || received.length !== expected) {
      run.errors.push(subgraphFailure('SUBGRAPH_BAD_RESPONSE', fetch.serviceName)); // not a list of as many entities as were sent
      continue;
    }
    if (alias.outputRewrites) for (const entity of received) applyRewrites(alias.outputRewrites, entity);
    for (let i = 0; i < entities.length; i++) {
      const entity = received[slots[i]!];
      if (!isObject(entity)) continue;
      const target = entities[i]!;
      if (entity.__typename === undefined && target.__typename !== undefined) entity.__typename = target.__typename;
      mergeData(target, entity);
    }
  }
}

/** Sends a fetch; a failed request becomes the response's error (its fields stay null) and `undefined`. */
async function sendOrRecord(fetch: ExecFetch, variables: Obj | undefined, run: PlanRun): Promise<SubgraphAnswer | undefined> {
  try {
    return await run.send(fetch, variables);
  } catch (err) {
    run.errors.push(err instanceof GraphQLError ? err : new GraphQLError((err as Error).message, { originalError: err as Error }));
    return undefined;
  }
}

/** Subgraph errors at `[alias, index, …]` are moved to the path of every entity that sent representation `index`. */
function relocateErrors(errors: NonNullable<SubgraphAnswer['errors']>, fetch: ExecFetch, targets: readonly AliasTargets[], run: PlanRun): void {
  let pathsOf: Map<Obj, Array<string | number>> | undefined;
  for (const error of errors) {
    const path = pathOf(error);
    const target = path && typeof path[1] === 'number' ? targets.find((t) => t.alias.alias === path[0]) : undefined;
    if (!path || !target) {
      run.errors.push(subgraphError(error, fetch.serviceName, undefined));
      continue;
    }
    pathsOf ??= entityPaths(targets, run.data);
    const tail = path.slice(2);
    let placed = false;
    target.slots.forEach((slot, i) => {
      if (slot !== path[1]) return;
      placed = true;
      run.errors.push(subgraphError(error, fetch.serviceName, [...(pathsOf!.get(target.entities[i]!) ?? []), ...tail]));
    });
    if (!placed) run.errors.push(subgraphError(error, fetch.serviceName, undefined));
  }
}

/** The response path of every entity of the fetch (walked again, only when an error needs it). */
function entityPaths(targets: readonly AliasTargets[], data: Obj): Map<Obj, Array<string | number>> {
  const paths = new Map<Obj, Array<string | number>>();
  for (const { alias } of targets) {
    for (const path of alias.paths as ReadonlyArray<readonly PathStep[]>) {
      visitAt(data, path, (entity, at) => {
        if (!paths.has(entity)) paths.set(entity, at!);
      }, true);
    }
  }
  return paths;
}

function pathOf(error: Obj): Array<string | number> | undefined {
  const path = error.path;
  return Array.isArray(path) && path.every((p) => typeof p === 'string' || typeof p === 'number') ? (path as Array<string | number>) : undefined;
}
