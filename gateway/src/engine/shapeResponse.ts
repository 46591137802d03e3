import {
  GraphQLError,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { collectFields, type CollectContext, type CollectedField } from './collectFields.ts';
import { getOwn, isObject, setOwn } from './mergeData.ts';

type Obj = Record<string, unknown>;

/** A `null` that must go up to the nearest nullable parent (a non-null field came back null). */
const BUBBLE = Symbol('bubble');
/** A `null` whose error is already reported (no second error for the non-null parent). */
const NULL_REPORTED = Symbol('null, reported');
type Completed = unknown | typeof BUBBLE | typeof NULL_REPORTED;

/** What {@link shapeResponse} returns: the caller-shaped data and what did not fit the schema. */
export interface ShapedResponse {
  data: Obj | null;
  /** Values that did not fit the schema (a null for a non-null field, a bad enum value…), with their paths. */
  errors: GraphQLError[];
}

interface ShapeRun extends CollectContext {
  readonly errors: GraphQLError[];
  readonly path: Array<string | number>;
}

/**
 * Shapes the subgraphs' merged answers into the response the operation asks for, as Apollo
 * Gateway's `computeResponse` does: only the selected keys (aliases as response keys, the
 * planner's own fields left out), fragments by `__typename`, `@skip`/`@include`, `__typename`,
 * leaf values checked against their type (an enum value the API schema does not have is
 * `null`), and a `null` in a non-null field propagated up to the nearest nullable parent.
 */
export function shapeResponse(
  input: Obj,
  root: { type: GraphQLNamedType; cache: Map<string, CollectedField[]>; selectionSets: CollectedField['selectionSets'] },
  context: CollectContext,
): ShapedResponse {
  const run: ShapeRun = { ...context, errors: [], path: [] };
  const fields = collectFields(root.selectionSets, root.type, run, root.cache);
  const data: Obj = {};
  const result = applyFields(input, fields, root.type, data, run);
  return { data: result === BUBBLE ? null : data, errors: run.errors };
}

function applyFields(input: Obj, fields: readonly CollectedField[], runtimeType: GraphQLNamedType, output: Obj, run: ShapeRun): typeof BUBBLE | undefined {
  for (const field of fields) {
    if (field.kind === 'typename') {
      if (!isObjectType(runtimeType)) return BUBBLE;
      setOwn(output, field.key, runtimeType.name);
      continue;
    }
    const value = getOwn(input, field.key);
    if (field.kind === 'introspection') {
      setOwn(output, field.key, value ?? null);
      continue;
    }
    run.path.push(field.key);
    const completed = complete(field.type!, value ?? null, field, run);
    run.path.pop();
    if (completed === BUBBLE) return BUBBLE;
    setOwn(output, field.key, completed === NULL_REPORTED ? null : completed);
  }
  return undefined;
}

function complete(type: GraphQLOutputType, value: unknown, field: CollectedField, run: ShapeRun): Completed {
  if (isNonNullType(type)) {
    const inner = complete(type.ofType, value, field, run);
    if (inner === null) {
      report(run, `Cannot return null for non-nullable ${where(run, field)}.`);
      return BUBBLE;
    }
    return inner === NULL_REPORTED || inner === BUBBLE ? BUBBLE : inner;
  }
  if (value === null) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return invalid(run, field);
    const out = new Array<unknown>(value.length);
    let bubbled = false;
    for (let i = 0; i < value.length; i++) {
      run.path.push(i);
      const element = complete(type.ofType, value[i] ?? null, field, run);
      run.path.pop();
      if (element === BUBBLE) bubbled = true;
      out[i] = element === NULL_REPORTED ? null : element;
    }
    return bubbled ? NULL_REPORTED : out;
  }
  if (isCompositeType(type)) {
    if (!isObject(value)) return invalid(run, field);
    let runtimeType: GraphQLNamedType = type;
    const typename = value.__typename;
    if (typeof typename === 'string') {
      const named = run.schema.getType(typename);
      if (!named || !isCompositeType(named)) {
        report(run, `Invalid __typename found for object at ${where(run, field)}.`);
        return NULL_REPORTED;
      }
      runtimeType = named;
    }
    const fields = collectFields(field.selectionSets, runtimeType, run, field.children);
    const out: Obj = {};
    return applyFields(value, fields, runtimeType, out, run) === BUBBLE ? NULL_REPORTED : out;
  }
  return isValidLeafValue(value, type) ? value : invalid(run, field);
}

function invalid(run: ShapeRun, field: CollectedField): typeof NULL_REPORTED {
  report(run, `Invalid value found for ${where(run, field)}.`);
  return NULL_REPORTED;
}

function report(run: ShapeRun, message: string): void {
  run.errors.push(new GraphQLError(message, { path: [...run.path], extensions: { code: 'INVALID_GRAPHQL' } }));
}

function where(run: ShapeRun, field: CollectedField): string {
  const last = run.path[run.path.length - 1];
  return typeof last === 'number' ? `array element at index ${last} of field ${field.coordinate}` : `field ${field.coordinate}`;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const BUILT_IN_SCALARS = new Set(['Boolean', 'Int', 'Float', 'String', 'ID']);

/** Whether a leaf value fits its type (Apollo's `isValidLeafValue`): custom scalars take anything. */
function isValidLeafValue(value: unknown, type: GraphQLOutputType): boolean {
  const scalar = isScalarType(type) ? type.name : undefined;
  if (scalar !== undefined && !BUILT_IN_SCALARS.has(scalar)) return true;
  if (typeof value === 'boolean') return scalar === 'Boolean';
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (scalar === 'Int' || scalar === 'ID') return INTEGER.test(String(value));
    return scalar === 'Float';
  }
  if (typeof value === 'string') {
    if (isEnumType(type)) return type.getValue(value) !== undefined;
    return scalar === 'String' || scalar === 'ID';
  }
  return false;
}
