import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/** Every value a data set holds at one schema coordinate, distinct by JSON form. */
export interface ValueVocabulary {
  /** The distinct values seen at `Type.field` (`Patient.allergies`, `PostalAddress.region`, incl. null). */
  values(coordinate: string): readonly unknown[];
}

/** A JSON key for a stored value (dates as ISO strings, like the API returns them). */
export function jsonKey(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * The vocabulary of a data set: what its documents hold at each schema coordinate, read by
 * walking each document (`documents`, by entity type name) along the schema's types, nested
 * objects included. A perturbed world draws "another valid value of the same type and shape"
 * from here, so a filter on a value finds something in both worlds. Throws when a type is not
 * an object type of `schema`.
 */
export function collectVocabulary(schema: GraphQLSchema, documents: Readonly<Record<string, ReadonlyArray<object>>>): ValueVocabulary {
  const pools = new Map<string, Map<string, unknown>>();
  const add = (coordinate: string, value: unknown) => {
    let pool = pools.get(coordinate);
    if (!pool) pools.set(coordinate, (pool = new Map()));
    const key = jsonKey(value);
    if (!pool.has(key)) pool.set(key, value);
  };
  const walk = (type: GraphQLObjectType, doc: Record<string, unknown>) => {
    const fields = type.getFields();
    for (const [key, value] of Object.entries(doc)) {
      const field = fields[key];
      if (!field) continue;
      add(`${type.name}.${key}`, value);
      const named = getNamedType(field.type);
      if (!isObjectType(named) || value === null || typeof value !== 'object' || value instanceof Date) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== null && typeof item === 'object' && !(item instanceof Date)) walk(named, item as Record<string, unknown>);
      }
    }
  };
  for (const [typeName, docs] of Object.entries(documents)) {
    const objectType = schema.getType(typeName);
    if (!isObjectType(objectType)) throw new Error(`collectVocabulary: the schema has no object type ${typeName}`);
    for (const doc of docs) walk(objectType, doc as Record<string, unknown>);
  }
  return { values: (coordinate) => [...(pools.get(coordinate)?.values() ?? [])] };
}
