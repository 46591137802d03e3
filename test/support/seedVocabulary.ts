import { buildASTSchema, parse } from 'graphql';
import { readSupergraph } from '@confero/schema';
import { collectVocabulary, type ValueVocabulary } from '@confero/testing';
import { DEFAULT_SEED, generateSeedData, type SeedData, type SeedOptions } from '@confero/tools';

export { jsonKey } from '@confero/testing';

/** The supergraph as a graphql-js schema (types and fields only; directives are read with `readPiiAnnotations`). */
export const SUPERGRAPH_SCHEMA = buildASTSchema(parse(readSupergraph()), { assumeValidSDL: true });

/** The entity types whose documents the seed writes and that hold `@pii` fields, by collection. */
export const ENTITY_COLLECTIONS = { Shopper: 'shoppers', Client: 'clients', Deliverable: 'deliverables' } as const;
export type EntityType = keyof typeof ENTITY_COLLECTIONS;

/** Every value the seed's generators produced for one schema coordinate, distinct by JSON form. */
export type SeedVocabulary = ValueVocabulary;

/** Options of {@link seedVocabulary}. */
export interface SeedVocabularyOptions {
  /** The seed sizes and PRNG seed to draw from. Default: a mid-sized seed with a PRNG seed other than the test seed's. */
  seed?: SeedOptions;
}

const VOCABULARY_SEED: SeedOptions = { seed: DEFAULT_SEED + 1, shoppers: 150, clients: 10, opportunities: 60, assignments: 150, deliverables: 120 };

/** The reference seed's documents by entity type. */
export function documentsByType(data: SeedData): Record<EntityType, ReadonlyArray<Record<string, unknown> & { _id: string }>> {
  return Object.fromEntries(Object.entries(ENTITY_COLLECTIONS).map(([type, collection]) => [type, data[collection]])) as never;
}

/**
 * The vocabulary of the seed: what its own generators (US metro areas, streets, names, banks,
 * devices, answers…) produce for each schema coordinate, read off a generated data set
 * (`collectVocabulary` of `@confero/testing`). A perturbed world draws "another valid value of
 * the same type and shape" from here, so a filter on a region or a status finds something in
 * both worlds.
 */
export function seedVocabulary(options: SeedVocabularyOptions = {}): SeedVocabulary {
  return collectVocabulary(SUPERGRAPH_SCHEMA, documentsByType(generateSeedData(options.seed ?? VOCABULARY_SEED)));
}
