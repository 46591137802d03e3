import { createRandom, type Random } from './random.ts';
import { markerOf, UniqueValues } from './uniqueValues.ts';

/** The seed's fixed "now": data is dated around it, never around the wall clock. */
export const SEED_NOW = Date.UTC(2026, 10, 20); // 2026-11-20

/** Shared state of one generation: the PRNG, the registry of unique values, the marker counter. */
export interface SeedContext {
  random: Random;
  unique: UniqueValues;
  /** The next per-record marker (four consonants, unique in the data set). */
  nextMarker(): string;
  /** A non-PII timestamp in [from, to): whole seconds (so it never equals a PII timestamp). */
  plainTime(from: number, to: number): Date;
  /** A PII timestamp in [from, to): non-zero milliseconds, unique in the data set. */
  piiTime(from: number, to: number): Date;
}

export function createSeedContext(seed: number): SeedContext {
  const random = createRandom(seed);
  const unique = new UniqueValues(random);
  let markers = 0;
  return {
    random,
    unique,
    nextMarker: () => markerOf(markers++),
    plainTime: (from, to) => new Date(Math.floor((from + random.next() * (to - from)) / 1000) * 1000),
    piiTime: (from, to) =>
      new Date(
        unique.take('pii-timestamp', (r) => {
          const seconds = Math.floor((from + r.next() * (to - from)) / 1000) * 1000;
          return new Date(seconds + r.int(1, 999)).toISOString();
        }),
      ),
  };
}

/**
 * A money amount in [min, max) whose cents never end in 0, so its JSON form always shows two
 * decimals and never equals a round number (a page size, a distance, a year).
 */
export function moneyAmount(random: Random, min: number, max: number): number {
  const cents = Math.round((min + random.next() * (max - min)) * 100);
  return (cents % 10 === 0 ? cents + random.int(1, 9) : cents) / 100;
}

/** `prefix_` + the number padded to `width` digits (`shp_000042`). */
export function seedId(prefix: string, n: number, width: number): string {
  return `${prefix}_${String(n).padStart(width, '0')}`;
}

export const DAY_MS = 86_400_000;

/** The digits `0-9`, for `random.chars`. */
export const DIGITS = '0123456789';
