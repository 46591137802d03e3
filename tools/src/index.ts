export { startDatabase } from './startDatabase.ts';
export type { RunningDatabase } from './startDatabase.ts';
export { findFreePort } from './findFreePort.ts';
export { startSystem } from './startSystem.ts';
export type { SystemOptions, RunningSystem } from './startSystem.ts';
export { systemOptionsFromEnv } from './systemOptionsFromEnv.ts';
export { generateSeedData, DEFAULT_SEED, DEFAULT_SEED_SIZES, seedDatabase, piiValuesOf, createRandom } from './seed/index.ts';
export type { SeedOptions, SeedData, PiiValue, Random } from './seed/index.ts';
