import {
  getNullableType,
  isInputObjectType,
  isListType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';

/** Where the `@piiReads` of arguments and input fields are looked up (a `PiiIndex` is one). */
export interface ReadsLookup {
  argumentReads(typeName: string, fieldName: string, argumentName: string): readonly string[] | undefined;
  inputFieldReads(inputTypeName: string, fieldName: string): readonly string[] | undefined;
}

/** One `@piiReads` declaration an argument value uses. */
export interface UsedRead {
  /** Where it stands: `Type.field(argument:)` or `Input.field`. */
  readonly at: string;
  /** The fields it reads. */
  readonly reads: readonly string[];
}

/**
 * The reads the arguments of one field application use: every argument and input field that
 * carries a value (given, or its default; `null` reads nothing) and declares `@piiReads`, found
 * by walking the values along their input types. `values` are the argument values by name,
 * coerced or raw (objects, lists, leaves). Each declaration is listed once.
 */
export function usedReads(
  lookup: ReadsLookup,
  typeName: string,
  fieldName: string,
  args: readonly GraphQLArgument[],
  values: Readonly<Record<string, unknown>>,
): UsedRead[] {
  const used = new Map<string, UsedRead>();
  for (const arg of args) {
    const value = Object.hasOwn(values, arg.name) ? values[arg.name] : arg.defaultValue;
    if (value === undefined || value === null) continue;
    const at = `${typeName}.${fieldName}(${arg.name}:)`;
    const reads = lookup.argumentReads(typeName, fieldName, arg.name);
    if (reads) used.set(at, { at, reads });
    walk(lookup, value, arg.type, used, 0);
  }
  return [...used.values()];
}

/** Every field the used reads name, once. */
export function readCoordinates(used: readonly UsedRead[]): string[] {
  return [...new Set(used.flatMap((u) => u.reads))];
}

/** Input values nested deeper than this are not walked further (validation refuses such documents anyway). */
const MAX_DEPTH = 32;

function walk(lookup: ReadsLookup, value: unknown, type: GraphQLInputType, used: Map<string, UsedRead>, depth: number): void {
  if (value === null || value === undefined || depth > MAX_DEPTH) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    for (const item of Array.isArray(value) ? value : [value]) walk(lookup, item, nullable.ofType, used, depth + 1);
    return;
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object') return;
  for (const field of Object.values(nullable.getFields())) {
    const own = (value as Record<string, unknown>)[field.name];
    const fieldValue = own === undefined ? field.defaultValue : own;
    if (fieldValue === undefined || fieldValue === null) continue;
    const reads = lookup.inputFieldReads(nullable.name, field.name);
    const at = `${nullable.name}.${field.name}`;
    if (reads && !used.has(at)) used.set(at, { at, reads });
    walk(lookup, fieldValue, field.type, used, depth + 1);
  }
}

/** Every field that some argument of the field, or an input field below one, declares it reads. */
export function declaredReads(lookup: ReadsLookup, typeName: string, fieldName: string, args: readonly GraphQLArgument[]): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (type: GraphQLInputType): void => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return visit(nullable.ofType);
    if (!isInputObjectType(nullable) || seen.has(nullable.name)) return;
    seen.add(nullable.name);
    for (const field of Object.values(nullable.getFields())) {
      for (const coordinate of lookup.inputFieldReads(nullable.name, field.name) ?? []) found.add(coordinate);
      visit(field.type);
    }
  };
  for (const arg of args) {
    for (const coordinate of lookup.argumentReads(typeName, fieldName, arg.name) ?? []) found.add(coordinate);
    visit(arg.type);
  }
  return found;
}

/** True when some argument of the field, or an input field below one, declares `@piiReads`. */
export function argumentsMayRead(lookup: ReadsLookup, typeName: string, fieldName: string, args: readonly GraphQLArgument[]): boolean {
  return declaredReads(lookup, typeName, fieldName, args).size > 0;
}
