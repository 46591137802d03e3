import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { decide, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import type { SeedData } from '@confero/tools';
import { reachable, type Asker } from './leakExpectations.ts';
import { ENTITY_COLLECTIONS, jsonKey, SUPERGRAPH_SCHEMA, type EntityType, type SeedVocabulary } from './seedVocabulary.ts';

const piiIndex = readPiiAnnotations(readSupergraph());

/**
 * Schema fields a resolver computes from stored fields (`Shopper.name` is first + last name):
 * a stored value is withheld only when its own field and every field computed from it are.
 */
const COMPUTED_FROM: Readonly<Record<string, readonly string[]>> = {
  'Shopper.firstName': ['Shopper.name'],
  'Shopper.lastName': ['Shopper.name'],
};

/** Options of {@link perturbWorld}. */
export interface PerturbWorldOptions {
  /** World A: the seed data, left untouched. */
  data: SeedData;
  /** The policy the system enforces (its current and earlier versions). */
  policy: CompiledPolicy;
  /** The caller: role, purpose (null: none), and the ids that scope it. */
  asker: Asker;
  /** Where replacement values come from. */
  vocabulary: SeedVocabulary;
  /** PRNG seed of the choices (same seed, same world). Default 1. */
  seed?: number;
  /** Top-level coordinates never perturbed (`Shopper.webActivity`, e.g.). Default: none. */
  keep?: ReadonlySet<string>;
}

/** One value world B holds in place of world A's. */
export interface PerturbedValue {
  type: EntityType;
  id: string;
  /** Where in the document, e.g. `address.street`, `recordings.1.url`, `email`. */
  path: string;
  /** The schema coordinate that withholds it (`Shopper.email`, `PostalAddress.street`). */
  coordinate: string;
  /** Why the caller may not see it. */
  reason: 'out-of-scope' | 'denied';
}

/** World B, and what differs from world A. */
export interface PerturbedWorld {
  data: SeedData;
  perturbed: PerturbedValue[];
}

/**
 * World B of a non-interference check: the seed data with every value the caller may not see
 * replaced by another valid value of the same type and shape, drawn from the seed's own
 * vocabulary (another region, street, name, date, list of another length, or null where the
 * seed has nulls). Pure: `options.data` is not modified.
 *
 * Withheld, per record: every `@pii` field (and everything under it) of a record outside the
 * caller's record scope; every `@pii` field whose decision for the caller on that record is
 * deny (`decide` with the record: consent and the record's policy version count); and, under a
 * field the caller gets allowed or masked, each part with its own `@pii` whose decision is deny
 * (`PostalAddress.street` for a role that gets the address generalised): the planner prunes
 * such a part before any mask runs, so its value is withheld too.
 *
 * Never perturbed: ids and foreign keys (not schema fields of the entity, or not `@pii`), consent
 * flags, `policyVersion`, fields without `@pii`, and values the caller receives allowed or masked
 * (a mask is a function of the value), parts without their own `@pii` under such a field included.
 */
export function perturbWorld(options: PerturbWorldOptions): PerturbedWorld {
  const { policy, asker, vocabulary } = options;
  const keep = options.keep ?? new Set<string>();
  const random = createRandom(options.seed ?? 1);
  const canReach = reachable(options.data, policy, asker);
  const data = structuredClone(options.data);
  const perturbed: PerturbedValue[] = [];

  const denied = (coordinate: string, record: unknown) => {
    const [type, field] = coordinate.split('.') as [string, string];
    const annotation = piiIndex.fieldAnnotation(type, field);
    if (!annotation) return false;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record: record as Record<string, unknown> }).effect === 'deny';
  };

  /** Under a field the caller receives: replaces the parts that carry their own `@pii` and are denied. */
  const perturbParts = (type: GraphQLObjectType, value: unknown, record: unknown, at: Omit<PerturbedValue, 'path' | 'coordinate' | 'reason'>, path: string) => {
    if (value === null || typeof value !== 'object' || value instanceof Date) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => perturbParts(type, item, record, at, `${path}.${i}`));
      return;
    }
    const parent = value as Record<string, unknown>;
    const fields = type.getFields();
    for (const key of Object.keys(parent)) {
      const field = fields[key];
      if (!field) continue;
      const coordinate = `${type.name}.${key}`;
      if (piiIndex.fieldAnnotation(type.name, key) && denied(coordinate, record)) {
        parent[key] = replacement(coordinate, parent[key], vocabulary, random);
        perturbed.push({ ...at, path: `${path}.${key}`, coordinate, reason: 'denied' });
        continue;
      }
      const named = getNamedType(field.type);
      if (isObjectType(named)) perturbParts(named, parent[key], record, at, `${path}.${key}`);
    }
  };

  for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS) as Array<[EntityType, keyof SeedData]>) {
    const objectType = SUPERGRAPH_SCHEMA.getType(type) as GraphQLObjectType;
    const fields = objectType.getFields();
    for (const doc of data[collection] as unknown as Array<Record<string, unknown> & { _id: string }>) {
      // Decisions read the record as world A holds it (consents and versions are never changed anyway).
      const original = { ...doc };
      const inScope = canReach[type](doc._id);
      for (const key of Object.keys(doc)) {
        const field = fields[key];
        const coordinate = `${type}.${key}`;
        if (!field || !piiIndex.fieldAnnotation(type, key) || keep.has(coordinate)) continue;
        const withheld = !inScope || [coordinate, ...(COMPUTED_FROM[coordinate] ?? [])].every((c) => denied(c, original));
        if (withheld) {
          doc[key] = replacement(coordinate, doc[key], vocabulary, random);
          perturbed.push({ type, id: doc._id, path: key, coordinate, reason: inScope ? 'denied' : 'out-of-scope' });
          continue;
        }
        const named = getNamedType(field.type);
        if (isObjectType(named)) perturbParts(named, doc[key], original, { type, id: doc._id }, key);
      }
    }
  }
  return { data, perturbed };
}

/** Another value for `coordinate`: one the seed's vocabulary holds there, else a same-shaped variant. */
function replacement(coordinate: string, current: unknown, vocabulary: SeedVocabulary, random: Random): unknown {
  const currentKey = jsonKey(current);
  const candidates = vocabulary.values(coordinate).filter((v) => v !== undefined && jsonKey(v) !== currentKey);
  if (candidates.length > 0) return structuredClone(random.pick(candidates));
  return variantOf(current, random);
}

/** The few draws a perturbation needs. */
export interface Random {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** A deterministic {@link Random} (mulberry32, as the seed's own generator). */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { int, pick: (items) => items[int(0, items.length - 1)]! };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

/** A value of the same shape that differs: letters and digits swapped for others, numbers moved, dates a day later, flags flipped. */
export function variantOf(value: unknown, random: Random): unknown {
  if (typeof value === 'string') {
    const other = (alphabet: string, ch: string) => {
      const rest = alphabet.replace(ch, '');
      return rest[random.int(0, rest.length - 1)]!;
    };
    const out = [...value].map((ch) => (LOWER.includes(ch) ? other(LOWER, ch) : UPPER.includes(ch) ? other(UPPER, ch) : DIGITS.includes(ch) ? other(DIGITS, ch) : ch)).join('');
    return out === value ? `${value}x` : out;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value + 1 : Math.round((value + 0.5) * 1e6) / 1e6;
  if (typeof value === 'boolean') return !value;
  if (value instanceof Date) return new Date(value.getTime() + 86_400_000);
  if (Array.isArray(value)) return value.length > 0 ? value.slice(1) : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, variantOf(v, random)]));
  }
  return value;
}
