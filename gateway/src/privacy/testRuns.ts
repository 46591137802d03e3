/**
 * Test runs of the privacy planner (imported by its `*.test.ts` only): a mask function that
 * records its calls, the coordinates a document selects, a helper that plans, executes and
 * applies over the fixtures' schema and world, and a shape comparison.
 */
import { execute, parse, TypeInfo, validate, visit, visitWithTypeInfo, type DocumentNode, type ExecutionResult } from 'graphql';
import { applyPrivacyPlan, compilePrivacyPlan, type ApplyPrivacyPlanResult, type PlanSubjectOptions, type PrivacyPlan } from './index.ts';
import { createWorld, piiIndex, roles, schema, type Role } from './testFixtures.ts';

export interface MaskCall {
  strategy: string;
  coordinate: string;
}

/** Masks every leaf as `MASKED(strategy)` (a composite value keeps its shape). */
export function createMaskFn() {
  const calls: MaskCall[] = [];
  const maskLeaves = (value: unknown, strategy: string): unknown => {
    if (value === null) return null;
    if (Array.isArray(value)) return value.map((v) => maskLeaves(v, strategy));
    if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v, strategy)]));
    return `MASKED(${strategy})`;
  };
  const maskFn = (value: unknown, strategy: string, coordinate: string) => {
    calls.push({ strategy, coordinate });
    return maskLeaves(value, strategy);
  };
  return { maskFn, calls };
}

/** The schema coordinates (`Type.field`) a document selects, fragments included. */
export function selectedCoordinates(document: DocumentNode): Set<string> {
  const typeInfo = new TypeInfo(schema);
  const coordinates = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        coordinates.add(`${typeInfo.getParentType()?.name}.${node.name.value}`);
      },
    }),
  );
  return coordinates;
}

export interface PlannedRun {
  plan: PrivacyPlan;
  executed: ExecutionResult;
  applied: ApplyPrivacyPlanResult<unknown>;
  data: any;
  json: string;
  /** Coordinates of PII resolvers that ran (what a subgraph would have been asked for). */
  resolved: string[];
  mask: ReturnType<typeof createMaskFn>;
  /** The original document executed without any privacy planning (for shape comparisons). */
  reference: any;
}

/** Plans `query` for `role`, checks the pruned document is valid, executes it, applies the plan. */
export async function runPlanned(
  role: Role,
  query: string,
  variables: Record<string, unknown> = {},
  operationName: string | null = null,
  subjects?: PlanSubjectOptions,
): Promise<PlannedRun> {
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`test query is invalid: ${errors.map((e) => e.message).join('; ')}`);
  const plan = compilePrivacyPlan({ schema, document, operationName, piiIndex, decideField: roles[role], subjects });
  const prunedErrors = validate(schema, plan.document);
  if (prunedErrors.length) throw new Error(`pruned document is invalid: ${prunedErrors.map((e) => e.message).join('; ')}\n${plan.source}`);
  const world = createWorld();
  const executed = await execute({ schema, document: plan.document, rootValue: world.root, variableValues: variables, operationName });
  if (executed.errors?.length) throw new Error(`execution failed: ${executed.errors.map((e) => e.message).join('; ')}`);
  const mask = createMaskFn();
  const applied = applyPrivacyPlan(executed.data ?? null, plan, variables, mask.maskFn);
  const reference = await execute({ schema, document, rootValue: createWorld().root, variableValues: variables, operationName });
  return {
    plan,
    executed,
    applied,
    data: applied.data,
    json: JSON.stringify(applied.data),
    resolved: world.resolved,
    mask,
    reference: reference.data,
  };
}

/**
 * Asserts `actual` has the keys, key order and list lengths of `reference` wherever it is not
 * null (withheld values are null; masked values keep their shape). Returns the mismatch or ''.
 */
export function shapeMismatch(actual: unknown, reference: unknown, path = '$'): string {
  if (actual === null || reference === null || typeof reference !== 'object') return '';
  if (Array.isArray(reference)) {
    if (!Array.isArray(actual) || actual.length !== reference.length) return `${path}: list differs`;
    for (let i = 0; i < reference.length; i += 1) {
      const m = shapeMismatch(actual[i], reference[i], `${path}[${i}]`);
      if (m) return m;
    }
    return '';
  }
  if (typeof actual !== 'object' || Array.isArray(actual)) return `${path}: not an object`;
  const a = Object.keys(actual as object);
  const r = Object.keys(reference as object);
  if (a.join(',') !== r.join(',')) return `${path}: keys [${a.join(',')}] != [${r.join(',')}]`;
  for (const key of r) {
    const m = shapeMismatch((actual as Record<string, unknown>)[key], (reference as Record<string, unknown>)[key], `${path}.${key}`);
    if (m) return m;
  }
  return '';
}
