export { generateSeedData, resolveSeedOptions, DEFAULT_SEED, DEFAULT_SEED_SIZES } from './generateSeedData.ts';
export type { SeedOptions, SeedData } from './generateSeedData.ts';
export { seedDatabase, seedIfEmpty, countSeedCollections } from './seedDatabase.ts';
export type { SeedDatabaseOptions, SeedCounts } from './seedDatabase.ts';
export { piiValuesOf, PII_FIELDS, CATEGORICAL_PII_COORDINATES } from './piiValuesOf.ts';
export type { PiiValue } from './piiValuesOf.ts';
export { POLICY_VERSIONS } from './generateShoppers.ts';
export { mulberry32, createRandom } from './random.ts';
export type { Random } from './random.ts';
