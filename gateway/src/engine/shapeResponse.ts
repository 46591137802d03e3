import { GraphQLError, isCompositeType, isObjectType, type GraphQLNamedType } from 'graphql';
import { collectFields, type CollectContext, type CollectedField, type TypeShape } from './collectFields.ts';
import { getOwn, isObject, setOwn } from './mergeData.ts';

type Obj = Record<string, unknown>;

/** A `null` that must go up to the nearest nullable parent (a non-null field came back null). */
const BUBBLE = Symbol('bubble');
/** A `null` whose error is already reported (no second error for the non-null parent). */
const NULL_REPORTED = Symbol('null, reported');

/** What {@link shapeResponse} returns: the caller-shaped data and what did not fit the schema. */
export interface ShapedResponse {
  data: Obj | null;
  /** Values that did not fit the schema (a null for a non-null field, a bad enum value…), with their paths. */
  errors: GraphQLError[];
}

/** The root of a response's shape: the operation's root type and selection, with its collected fields cached. */
export interface ShapeRoot {
  readonly type: GraphQLNamedType;
  readonly cache: Map<string, CollectedField[]>;
  readonly selectionSets: CollectedField['selectionSets'];
}

interface ShapeRun extends CollectContext {
  /** Set on the first value that does not fit: the pass is run again, with paths, to say where. */
  failed: boolean;
  /** Undefined in the first pass (no path kept); the current path in the second. */
  readonly path: Array<string | number> | undefined;
  readonly errors: GraphQLError[];
}

/**
 * Shapes the subgraphs' merged answers into the response the operation asks for, as Apollo
 * Gateway's `computeResponse` does: only the selected keys (aliases as response keys, the
 * planner's own fields left out), fragments by `__typename`, `@skip`/`@include`, `__typename`,
 * leaf values checked against their type (an enum value the API schema does not have is
 * `null`), and a `null` in a non-null field propagated up to the nearest nullable parent.
 * Errors are rare: the pass that finds one is run again, keeping paths, to report them.
 */
export function shapeResponse(input: Obj, root: ShapeRoot, context: CollectContext): ShapedResponse {
  const fields = collectFields(root.selectionSets, root.type, context, root.cache);
  const first: ShapeRun = { ...context, failed: false, path: undefined, errors: [] };
  const data: Obj = {};
  const bubbled = applyFields(input, fields, root.type, data, first) === BUBBLE;
  if (!first.failed) return { data: bubbled ? null : data, errors: [] };
  const second: ShapeRun = { ...context, failed: false, path: [], errors: [] };
  const again: Obj = {};
  const bubbledAgain = applyFields(input, fields, root.type, again, second) === BUBBLE;
  return { data: bubbledAgain ? null : again, errors: second.errors };
}

function applyFields(input: Obj, fields: readonly CollectedField[], runtimeType: GraphQLNamedType, output: Obj, run: ShapeRun): typeof BUBBLE | undefined {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.kind !== 'field') {
      if (field.kind === 'typename') {
        if (!isObjectType(runtimeType)) return BUBBLE;
        put(output, field, runtimeType.name);
      } else {
        put(output, field, read(input, field) ?? null);
      }
      continue;
    }
    run.path?.push(field.key);
    const completed = complete(field.shape!, read(input, field) ?? null, field, run);
    run.path?.pop();
    if (completed === BUBBLE) return BUBBLE;
    put(output, field, completed === NULL_REPORTED ? null : completed);
  }
  return undefined;
}

function read(input: Obj, field: CollectedField): unknown {
  return field.plainKey ? input[field.key] : getOwn(input, field.key);
}

function put(output: Obj, field: CollectedField, value: unknown): void {
  if (field.plainKey) output[field.key] = value;
  else setOwn(output, field.key, value);
}

function complete(shape: TypeShape, value: unknown, field: CollectedField, run: ShapeRun): unknown {
  switch (shape.kind) {
    case 'nonNull': {
      const inner = complete(shape.of, value, field, run);
      if (inner === null) {
        report(run, field, 'null');
        return BUBBLE;
      }
      return inner === NULL_REPORTED ? BUBBLE : inner;
    }
    case 'leaf':
      if (value === null) return null;
      return isValidLeaf(value, shape) ? value : invalid(run, field);
    case 'list': {
      if (value === null) return null;
      if (!Array.isArray(value)) return invalid(run, field);
      const out = new Array<unknown>(value.length);
      let bubbled = false;
      for (let i = 0; i < value.length; i++) {
        run.path?.push(i);
        const element = complete(shape.of, value[i] ?? null, field, run);
        run.path?.pop();
        if (element === BUBBLE) bubbled = true;
        out[i] = element === NULL_REPORTED ? null : element;
      }
      return bubbled ? NULL_REPORTED : out;
    }
    case 'composite': {
      if (value === null) return null;
      if (!isObject(value)) return invalid(run, field);
      let runtimeType = shape.type;
      const typename = value.__typename;
      if (typeof typename === 'string' && typename !== runtimeType.name) {
        const named = run.schema.getType(typename);
        if (!named || !isCompositeType(named)) {
          report(run, field, 'typename');
          return NULL_REPORTED;
        }
        runtimeType = named;
      }
      const out: Obj = {};
      return applyFields(value, collectFields(field.selectionSets, runtimeType, run, field.children), runtimeType, out, run) === BUBBLE ? NULL_REPORTED : out;
    }
  }
}

function invalid(run: ShapeRun, field: CollectedField): typeof NULL_REPORTED {
  report(run, field, 'value');
  return NULL_REPORTED;
}

/**
 * Notes a value that does not fit; in the second pass, its error. No closure here or in
 * `complete`: a closure over `complete`'s parameters would make V8 allocate a context on every
 * call of `complete` (every value of the response), used or not.
 */
function report(run: ShapeRun, field: CollectedField, problem: 'null' | 'typename' | 'value'): void {
  run.failed = true;
  if (!run.path) return;
  const message =
    problem === 'null'
      ? `Cannot return null for non-nullable ${where(run, field)}.`
      : problem === 'typename'
        ? `Invalid __typename found for object at ${where(run, field)}.`
        : `Invalid value found for ${where(run, field)}.`;
  run.errors.push(new GraphQLError(message, { path: [...run.path], extensions: { code: 'INVALID_GRAPHQL' } }));
}

function where(run: ShapeRun, field: CollectedField): string {
  const last = run.path?.[run.path.length - 1];
  return typeof last === 'number' ? `array element at index ${last} of field ${field.coordinate}` : `field ${field.coordinate}`;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** Whether a leaf value fits its type (Apollo's `isValidLeafValue`). */
function isValidLeaf(value: unknown, shape: Extract<TypeShape, { kind: 'leaf' }>): boolean {
  switch (typeof value) {
    case 'string':
      if (shape.leaf === 'enum') return shape.enumValues!.has(value);
      return shape.leaf === 'String' || shape.leaf === 'ID' || shape.leaf === 'any';
    case 'number':
      if (!Number.isFinite(value)) return shape.leaf === 'any';
      // A safe integer always prints as digits: the text is only checked beyond 2^53 (1e21 prints as "1e+21").
      if (shape.leaf === 'Int' || shape.leaf === 'ID') return Number.isSafeInteger(value) || (Number.isInteger(value) && INTEGER.test(String(value)));
      return shape.leaf === 'Float' || shape.leaf === 'any';
    case 'boolean':
      return shape.leaf === 'Boolean' || shape.leaf === 'any';
    default:
      return shape.leaf === 'any';
  }
}
