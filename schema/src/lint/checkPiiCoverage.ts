import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { looksPersonal } from './looksPersonal.ts';

/** What {@link checkPiiCoverage} needs besides the schema. */
export interface PiiCoverageInput {
  /** The composed API schema (what callers can select). */
  schema: GraphQLSchema;
  /** True when `Type.field` carries `@pii` of its own or its type's. */
  hasPii(typeName: string, fieldName: string): boolean;
  /** True when the type carries a type-level `@pii` (a field returning it is covered through its fields). */
  typeHasPii(typeName: string): boolean;
  /** Coordinates declared not personal (they and everything below them are skipped). */
  notPersonal: ReadonlySet<string>;
}

/** A field that looks personal and can be reached with no `@pii` on it or above it. */
export interface UncoveredField {
  coordinate: string;
  /** The word in the field's (or its type's) name that looks personal. */
  word: string;
  /** One way to reach it from a root type, as coordinates. */
  path: string[];
}

function fieldsOf(type: GraphQLNamedType) {
  return isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
}

/**
 * Walks the schema from its root types (and from types no field returns) through fields
 * without `@pii`; every field met on the way whose name, or whose type's name, looks
 * personal is uncovered. A field with `@pii` covers everything below it (the planner applies
 * its decision there), so `GeoPoint.lat` under `Shopper.homeLocation` is covered.
 */
export function checkPiiCoverage(input: PiiCoverageInput): UncoveredField[] {
  const { schema } = input;
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  const returned = new Set<string>();
  for (const type of types) for (const field of fieldsOf(type)) returned.add(getNamedType(field.type).name);
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t != null);
  for (const type of types) if ((isObjectType(type) || isInterfaceType(type)) && !returned.has(type.name)) roots.push(type as never);

  const reachedBy = new Map<string, string[]>();
  const queue: GraphQLNamedType[] = [];
  for (const root of roots) {
    if (reachedBy.has(root.name)) continue;
    reachedBy.set(root.name, []);
    queue.push(root);
  }
  const found: UncoveredField[] = [];
  while (queue.length > 0) {
    const type = queue.shift()!;
    const via = reachedBy.get(type.name)!;
    const reach = (target: GraphQLNamedType, path: string[]) => {
      if (reachedBy.has(target.name)) return;
      reachedBy.set(target.name, path);
      queue.push(target);
    };
    if (isUnionType(type)) for (const member of type.getTypes()) reach(member, via);
    if (isInterfaceType(type)) for (const member of schema.getPossibleTypes(type)) reach(member, via);
    for (const field of fieldsOf(type)) {
      const coordinate = `${type.name}.${field.name}`;
      const target = getNamedType(field.type);
      if (input.hasPii(type.name, field.name) || input.typeHasPii(target.name) || input.notPersonal.has(coordinate)) continue;
      const word = looksPersonal(field.name) ?? looksPersonal(target.name);
      if (word) found.push({ coordinate, word, path: [...via, coordinate] });
      else reach(target, [...via, coordinate]);
    }
  }
  return found;
}
