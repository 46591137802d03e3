import { readPiiAnnotations, type CompiledPolicy } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { perturbDocuments, type ComputedField, type PerturbedValue as StoredPerturbedValue } from '@confero/testing';
import type { SeedData } from '@confero/tools';
import { reachable, type Asker } from './leakExpectations.ts';
import { documentsByType, ENTITY_COLLECTIONS, SUPERGRAPH_SCHEMA, type EntityType, type SeedVocabulary } from './seedVocabulary.ts';

const piiIndex = readPiiAnnotations(readSupergraph());

/** `Shopper.name` as its resolver computes it. */
const nameOf = (doc: Record<string, unknown>) => [doc.firstName, doc.lastName].filter(Boolean).join(' ') || null;

/**
 * Schema fields a resolver computes from stored fields (`Shopper.name` is first + last name):
 * a stored value is withheld only when its own field and every field computed from it are.
 */
const COMPUTED_FROM: Readonly<Record<string, readonly ComputedField[]>> = {
  'Shopper.firstName': [{ coordinate: 'Shopper.name', compute: nameOf }],
  'Shopper.lastName': [{ coordinate: 'Shopper.name', compute: nameOf }],
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
  /** Also replace each value the caller receives masked by another with the same masked form (see `perturbDocuments`). Default: off. */
  sameMask?: { hashKey: string };
}

/** One value world B holds in place of world A's. */
export type PerturbedValue = StoredPerturbedValue & { type: EntityType };

/** World B, and what differs from world A. */
export interface PerturbedWorld {
  data: SeedData;
  perturbed: PerturbedValue[];
}

/**
 * World B of the reference deployment's non-interference check: `perturbDocuments` of
 * `@confero/testing` over the seed's shoppers, clients and deliverables, with the subgraphs'
 * record scopes (`reachable`) and `Shopper.name` computed from the first and last names (see
 * there for what is withheld and what is never perturbed). Pure: `options.data` is not modified.
 */
export function perturbWorld(options: PerturbWorldOptions): PerturbedWorld {
  const canReach = reachable(options.data, options.policy, options.asker);
  const { documents, perturbed } = perturbDocuments({
    schema: SUPERGRAPH_SCHEMA,
    pii: piiIndex,
    documents: documentsByType(options.data),
    reachable: (type, doc) => canReach[type as EntityType](doc._id),
    policy: options.policy,
    asker: options.asker,
    vocabulary: options.vocabulary,
    seed: options.seed,
    keep: options.keep,
    computedFrom: COMPUTED_FROM,
    sameMask: options.sameMask,
  });
  const data = structuredClone(options.data);
  for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS)) (data as unknown as Record<string, unknown>)[collection] = documents[type];
  return { data, perturbed: perturbed as PerturbedValue[] };
}
