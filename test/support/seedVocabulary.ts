import { buildASTSchema, getNamedType, isObjectType, parse, type GraphQLObjectType } from 'graphql';
import { readSupergraph } from '@confero/schema';
import { DEFAULT_SEED, generateSeedData, type SeedData, type SeedOptions } from '@confero/tools';

/** The supergraph as a graphql-js schema (types and fields only; directives are read with `readPiiAnnotations`). */
export const SUPERGRAPH_SCHEMA = buildASTSchema(parse(readSupergraph()), { assumeValidSDL: true });

/** The entity types whose documents the seed writes and that hold `@pii` fields, by collection. */
export const ENTITY_COLLECTIONS = { Shopper: 'shoppers', Client: 'clients', Deliverable: 'deliverables' } as const;
export type EntityType = keyof typeof ENTITY_COLLECTIONS;

/** Every value the seed's generators produced for one schema coordinate, distinct by JSON form. */
export interface SeedVocabulary {
  /** The distinct values seen at `Type.field` (`Shopper.address`, `PostalAddress.region`, `Shopper.passportNumber` incl. null). */
  values(coordinate: string): readonly unknown[];
}

/** Options of {@link seedVocabulary}. */
export interface SeedVocabularyOptions {
  /** The seed sizes and PRNG seed to draw from. Default: a mid-sized seed with a PRNG seed other than the test seed's. */
  seed?: SeedOptions;
}

const VOCABULARY_SEED: SeedOptions = { seed: DEFAULT_SEED + 1, shoppers: 150, clients: 10, opportunities: 60, assignments: 150, deliverables: 120 };

/** A JSON key for a stored value (dates as ISO strings, like the API returns them). */
export function jsonKey(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * The vocabulary of the seed: what its own generators (US metro areas, streets, names, banks,
 * devices, answers…) produce for each schema coordinate, read off a generated data set by
 * walking each document along the supergraph's types. A perturbed world draws "another valid
 * value of the same type and shape" from here, so a filter on a region or a status finds
 * something in both worlds.
 */
export function seedVocabulary(options: SeedVocabularyOptions = {}): SeedVocabulary {
  const data: SeedData = generateSeedData(options.seed ?? VOCABULARY_SEED);
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
  for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS)) {
    const objectType = SUPERGRAPH_SCHEMA.getType(type);
    if (!isObjectType(objectType)) throw new Error(`seedVocabulary: the supergraph has no object type ${type}`);
    for (const doc of data[collection]) walk(objectType, doc as unknown as Record<string, unknown>);
  }
  return { values: (coordinate) => [...(pools.get(coordinate)?.values() ?? [])] };
}
