import { getDirective } from '@graphql-tools/utils';
import { isInputObjectType, isObjectType, type GraphQLArgument, type GraphQLSchema } from 'graphql';
import type { CompiledPolicy } from './compilePolicy.ts';
import { keyFieldNames } from './keyFieldNames.ts';
import { ERRORS } from './conferoError.ts';
import { decideRead, type ReadSchema } from './decideRead.ts';
import { RECORD_CONDITION, recordConditionFor, type RecordCondition } from './recordCondition.ts';
import { argumentsMayRead, readCoordinates, usedReads, type ReadsLookup } from './usedReads.ts';
import type { Caller, PiiAnnotation } from './types.ts';

/** How one field's reads are checked in a subgraph, call by call. */
export interface FieldReadGuard {
  /**
   * Checks the reads of one call: throws `ARGUMENT_NOT_PERMITTED` when an argument the call
   * uses reads a field the caller may not receive in full; returns false when the field's own
   * record choice (`@piiReads` on the field) is not permitted (the field is then withheld).
   * Otherwise attaches the record condition of every read to `args` (`RECORD_CONDITION`), for
   * the data layer to keep only the records the caller may compare, and returns true.
   */
  check(caller: Caller | undefined, values: Record<string | symbol, unknown>): boolean;
}

/** `@piiReads` of a subgraph schema, looked up by coordinate. */
export function schemaReadsLookup(schema: GraphQLSchema, directiveName: string): ReadsLookup & { fieldReads(typeName: string, fieldName: string): readonly string[] | undefined } {
  const list = (node: Parameters<typeof getDirective>[1]): readonly string[] | undefined => {
    const fields = getDirective(schema, node, directiveName)?.[0]?.fields as unknown;
    if (fields === undefined) return undefined;
    return Array.isArray(fields) ? (fields as string[]) : [fields as string];
  };
  return {
    argumentReads(typeName, fieldName, argumentName) {
      const type = schema.getType(typeName);
      const arg = isObjectType(type) ? type.getFields()[fieldName]?.args.find((a) => a.name === argumentName) : undefined;
      return arg && list(arg);
    },
    inputFieldReads(inputTypeName, fieldName) {
      const type = schema.getType(inputTypeName);
      const field = isInputObjectType(type) ? type.getFields()[fieldName] : undefined;
      return field && list(field);
    },
    fieldReads(typeName, fieldName) {
      const type = schema.getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      return field && list(field);
    },
  };
}

/** Key fields of the subgraph's entity types (`@key(fields:)`), for closed-world roles' reads. */
export function schemaKeyFields(schema: GraphQLSchema, keyDirective = 'key'): (typeName: string, fieldName: string) => boolean {
  const keys = new Map<string, Set<string>>();
  return (typeName, fieldName) => {
    let set = keys.get(typeName);
    if (!set) {
      set = new Set<string>();
      const type = schema.getType(typeName);
      for (const key of (type && getDirective(schema, type, keyDirective)) ?? []) {
        for (const name of keyFieldNames(typeof key.fields === 'string' ? key.fields : '')) set.add(name);
      }
      keys.set(typeName, set);
    }
    return set.has(fieldName);
  };
}

/** Options of {@link fieldReadGuard}. */
export interface FieldReadGuardOptions {
  policy: CompiledPolicy;
  lookup: ReturnType<typeof schemaReadsLookup>;
  /** The subgraph's `@pii` annotations and key fields, by coordinate. */
  readSchema: ReadSchema;
  typeName: string;
  fieldName: string;
  args: readonly GraphQLArgument[];
}

const MAX_CACHED_CONDITIONS = 1000;

/** The read guard of one field, or undefined when neither the field nor its arguments read anything. */
export function fieldReadGuard(options: FieldReadGuardOptions): FieldReadGuard | undefined {
  const { policy, lookup, readSchema, typeName, fieldName, args } = options;
  const own = lookup.fieldReads(typeName, fieldName);
  if (!own && !argumentsMayRead(lookup, typeName, fieldName, args)) return undefined;
  const conditions = new Map<string, RecordCondition>();
  const conditionOf = (caller: { role: string; purpose: string | null }, coordinates: readonly string[]) => {
    const key = `${caller.role}\u0000${caller.purpose ?? ''}\u0000${coordinates.join(',')}`;
    let condition = conditions.get(key);
    if (!condition) {
      condition = recordConditionFor(policy, caller, readSchema, coordinates);
      if (conditions.size >= MAX_CACHED_CONDITIONS) conditions.clear();
      conditions.set(key, condition);
    }
    return condition;
  };
  return {
    check(caller, values) {
      const used = readCoordinates(usedReads(lookup, typeName, fieldName, args, values));
      const who = { role: caller?.role ?? '', purpose: caller?.purpose ?? null };
      const refused = used
        .map((coordinate) => decideRead(policy, who, readSchema, coordinate))
        .filter((verdict) => !verdict.permitted)
        .map((v) => ({ reads: v.coordinate, effect: v.decision.effect, reason: v.decision.reason }));
      if (refused.length > 0) {
        throw ERRORS.ARGUMENT_NOT_PERMITTED.err(`${typeName}.${fieldName}: the arguments read ${refused.map((r) => r.reads).join(', ')}, which the caller may not receive in full.`, {
          arguments: refused,
        });
      }
      if (own && !own.every((coordinate) => decideRead(policy, who, readSchema, coordinate).permitted)) return false;
      const reads = [...new Set([...(own ?? []), ...used])].sort();
      if (reads.length > 0) values[RECORD_CONDITION] = conditionOf(who, reads);
      return true;
    },
  };
}

/** A `ReadSchema` over a subgraph's annotations (by coordinate) and key fields. */
export function subgraphReadSchema(annotationOf: (coordinate: string) => PiiAnnotation | undefined, isKey: (typeName: string, fieldName: string) => boolean): ReadSchema {
  return {
    fieldAnnotation: (typeName, fieldName) => annotationOf(`${typeName}.${fieldName}`),
    isKeyField: isKey,
  };
}
