import {
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** One response key of a selection set, for one runtime type: the field and what is selected under it. */
export interface CollectedField {
  readonly key: string;
  /** The key is no property of `Object.prototype` (read and written directly, without own-property checks). */
  readonly plainKey: boolean;
  readonly kind: 'typename' | 'introspection' | 'field';
  /** The field's type (the field's definition on the runtime type), as the shaper walks it. */
  readonly shape?: TypeShape;
  readonly coordinate: string;
  /** The selection sets under every occurrence of this key (merged when collected). */
  readonly selectionSets: readonly SelectionSetNode[];
  /** Collected sub-selections, by runtime type and conditions; filled on first use. */
  readonly children: Map<string, CollectedField[]>;
}

/**
 * A field's type, compiled once for the shaper (graphql-js's type predicates are `instanceof`
 * checks that cost more than the values they check, outside production mode).
 */
export type TypeShape =
  | { readonly kind: 'nonNull'; readonly of: TypeShape }
  | { readonly kind: 'list'; readonly of: TypeShape }
  | { readonly kind: 'composite'; readonly type: GraphQLNamedType }
  | { readonly kind: 'leaf'; readonly leaf: LeafKind; readonly enumValues?: ReadonlySet<string> };

/** What a leaf value must be (Apollo's `isValidLeafValue`): custom scalars take anything. */
export type LeafKind = 'any' | 'Boolean' | 'Int' | 'Float' | 'String' | 'ID' | 'enum';

const BUILT_IN = new Set(['Boolean', 'Int', 'Float', 'String', 'ID']);

/** Compiles a field's output type for the shaper. */
export function typeShapeOf(type: GraphQLOutputType): TypeShape {
  if (isNonNullType(type)) return { kind: 'nonNull', of: typeShapeOf(type.ofType) };
  if (isListType(type)) return { kind: 'list', of: typeShapeOf(type.ofType) };
  if (isEnumType(type)) return { kind: 'leaf', leaf: 'enum', enumValues: new Set(type.getValues().map((v) => v.name)) };
  if (isScalarType(type)) return { kind: 'leaf', leaf: BUILT_IN.has(type.name) ? (type.name as LeafKind) : 'any' };
  return { kind: 'composite', type };
}

/** Whether a response key can be read and written as a plain property (it names nothing of `Object.prototype`). */
export function isPlainKey(key: string): boolean {
  return !(key in Object.prototype);
}

/** What collecting depends on beyond the selection: the schema, the fragments, the `@skip`/`@include` values. */
export interface CollectContext {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The values of the variables that `@skip`/`@include` read, as a cache key. */
  readonly conditionsKey: string;
}

/** More than this many (type, conditions) variants of one selection are collected anew each time. */
const MAX_VARIANTS = 64;

/**
 * The fields of selection sets for an object of `runtimeType`, grouped by response key in the
 * order of first appearance (graphql-js's CollectFields): fragments whose type condition the
 * type satisfies, `@skip`/`@include` evaluated. Cached in `cache` per (type, conditions).
 */
export function collectFields(
  selectionSets: readonly SelectionSetNode[],
  runtimeType: GraphQLNamedType,
  context: CollectContext,
  cache: Map<string, CollectedField[]>,
): CollectedField[] {
  const cacheKey = context.conditionsKey === '' ? runtimeType.name : `${runtimeType.name}\u0000${context.conditionsKey}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const byKey = new Map<string, { first: FieldNode; sets: SelectionSetNode[] }>();
  const visited = new Set<string>();
  for (const set of selectionSets) gather(set, runtimeType, context, byKey, visited);
  const fields: CollectedField[] = [];
  const definitions = 'getFields' in runtimeType ? runtimeType.getFields() : {};
  for (const [key, { first, sets }] of byKey) {
    const name = first.name.value;
    if (name === '__typename') {
      fields.push({ key, plainKey: isPlainKey(key), kind: 'typename', coordinate: `${runtimeType.name}.__typename`, selectionSets: sets, children: new Map() });
      continue;
    }
    if (name === '__schema' || name === '__type') {
      fields.push({ key, plainKey: isPlainKey(key), kind: 'introspection', coordinate: name, selectionSets: sets, children: new Map() });
      continue;
    }
    const definition = (definitions as Record<string, GraphQLField<unknown, unknown>>)[name];
    if (!definition) throw new Error(`shapeResponse: ${runtimeType.name}.${name} is not in the schema`);
    fields.push({ key, plainKey: isPlainKey(key), kind: 'field', shape: typeShapeOf(definition.type), coordinate: `${runtimeType.name}.${name}`, selectionSets: sets, children: new Map() });
  }
  if (cache.size < MAX_VARIANTS) cache.set(cacheKey, fields);
  return fields;
}

function gather(
  set: SelectionSetNode,
  runtimeType: GraphQLNamedType,
  context: CollectContext,
  byKey: Map<string, { first: FieldNode; sets: SelectionSetNode[] }>,
  visited: Set<string>,
): void {
  for (const selection of set.selections) {
    if (!included(selection.directives, context.variables)) continue;
    switch (selection.kind) {
      case Kind.FIELD: {
        const key = selection.alias?.value ?? selection.name.value;
        let entry = byKey.get(key);
        if (!entry) {
          entry = { first: selection, sets: [] };
          byKey.set(key, entry);
        }
        if (selection.selectionSet) entry.sets.push(selection.selectionSet);
        break;
      }
      case Kind.INLINE_FRAGMENT:
        if (applies(selection.typeCondition?.name.value, runtimeType, context.schema)) gather(selection.selectionSet, runtimeType, context, byKey, visited);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = context.fragments[name];
        if (!fragment || visited.has(name)) break;
        visited.add(name);
        if (applies(fragment.typeCondition.name.value, runtimeType, context.schema)) gather(fragment.selectionSet, runtimeType, context, byKey, visited);
        break;
      }
    }
  }
}

/** Whether a fragment on `condition` applies to an object of `runtimeType` (it, or an abstract type it belongs to). */
function applies(condition: string | undefined, runtimeType: GraphQLNamedType, schema: GraphQLSchema): boolean {
  if (condition === undefined || condition === runtimeType.name) return true;
  const conditionType = schema.getType(condition);
  return isAbstractType(conditionType) && (isObjectType(runtimeType) || isInterfaceType(runtimeType)) && schema.isSubType(conditionType, runtimeType);
}

/** `@skip(if:)` / `@include(if:)` on a selection, evaluated. */
function included(directives: FieldNode['directives'], variables: Readonly<Record<string, unknown>>): boolean {
  if (!directives?.length) return true;
  for (const directive of directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    const value = arg ? ifValue(arg.value, variables) : false;
    if (name === 'skip' ? value === true : value !== true) return false;
  }
  return true;
}

function ifValue(node: ValueNode, variables: Readonly<Record<string, unknown>>): unknown {
  if (node.kind === Kind.BOOLEAN) return node.value;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

/** The names of the variables that `@skip`/`@include` read anywhere in a document. */
export function conditionVariables(sets: readonly SelectionSetNode[], fragments: Readonly<Record<string, FragmentDefinitionNode>>): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      for (const directive of selection.directives ?? []) {
        if (directive.name.value !== 'skip' && directive.name.value !== 'include') continue;
        for (const arg of directive.arguments ?? []) if (arg.value.kind === Kind.VARIABLE) names.add(arg.value.name.value);
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) visit(selection.selectionSet);
    }
  };
  sets.forEach(visit);
  Object.values(fragments).forEach((f) => visit(f.selectionSet));
  return [...names].sort();
}
