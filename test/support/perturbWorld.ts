import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { decide, maskValue, readPiiAnnotations, type CompiledPolicy, type Decision, type MaskStrategy } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import type { SeedData } from '@confero/tools';
import { reachable, type Asker } from './leakExpectations.ts';
import { createRandom, replacement, sameMaskReplacement } from './replacementValues.ts';
import { ENTITY_COLLECTIONS, jsonKey, SUPERGRAPH_SCHEMA, type EntityType, type SeedVocabulary } from './seedVocabulary.ts';

const piiIndex = readPiiAnnotations(readSupergraph());

/** Record fields the decisions read (consent flags, the policy version): the same in both worlds. */
const DECIDING_FIELDS = ['Shopper.consents', 'Shopper.policyVersion'];

/** `Shopper.name` as its resolver computes it. */
const nameOf = (doc: Record<string, unknown>) => [doc.firstName, doc.lastName].filter(Boolean).join(' ') || null;

/**
 * Schema fields a resolver computes from stored fields (`Shopper.name` is first + last name):
 * a stored value is withheld only when its own field and every field computed from it are.
 */
const COMPUTED_FROM: Readonly<Record<string, ReadonlyArray<{ coordinate: string; compute(doc: Record<string, unknown>): unknown }>>> = {
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
  /**
   * Also replace each value the caller receives masked by another with the same masked form
   * under every mask above it (`MI` → `MN` for a `partial` region: both `M***`), with the
   * gateway's hash key. Default: off (masked values stay equal).
   */
  sameMask?: { hashKey: string };
}

/** One value world B holds in place of world A's. */
export interface PerturbedValue {
  type: EntityType;
  id: string;
  /** Where in the document, e.g. `address.street`, `recordings.1.url`, `email`. */
  path: string;
  /** The schema coordinate that withholds it (`Shopper.email`, `PostalAddress.street`). */
  coordinate: string;
  /** Why the caller may not see it (or, with `sameMask`, sees only its masked form). */
  reason: 'out-of-scope' | 'denied' | 'masked';
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
 * With `sameMask`, a value received masked is replaced where another value has the same masked
 * form under every mask above it (its own, its parents', and a computed field's: a first name
 * keeps its initial where `name` is masked to initials, and stays as it is where `name` is raw).
 */
export function perturbWorld(options: PerturbWorldOptions): PerturbedWorld {
  const { policy, asker, vocabulary, sameMask } = options;
  // Consents and the policy version decide what the caller may see: they are never perturbed, tagged or not.
  const keep = new Set<string>([...(options.keep ?? []), ...DECIDING_FIELDS]);
  const random = createRandom(options.seed ?? 1);
  const canReach = reachable(options.data, policy, asker);
  const data = structuredClone(options.data);
  const perturbed: PerturbedValue[] = [];

  const decisionOf = (coordinate: string, record: unknown): Decision | undefined => {
    const [type, field] = coordinate.split('.') as [string, string];
    const annotation = piiIndex.fieldAnnotation(type, field);
    if (!annotation) return undefined;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record: record as Record<string, unknown> });
  };
  const denied = (coordinate: string, record: unknown) => decisionOf(coordinate, record)?.effect === 'deny';
  const maskOf = (d: Decision | undefined): MaskStrategy[] => (d?.effect === 'mask' ? [d.strategy ?? 'redact'] : []);

  type At = Omit<PerturbedValue, 'path' | 'coordinate' | 'reason'>;
  /** With `sameMask`: a scalar (or list of scalars) the caller receives under `masks` gets another value of the same masked form. */
  const perturbMasked = (parent: Record<string, unknown>, key: string, coordinate: string, masks: MaskStrategy[], at: At, path: string, also?: (c: unknown) => boolean) => {
    if (!sameMask || masks.length === 0) return;
    const next = sameMaskReplacement(coordinate, parent[key], { strategies: masks, hashKey: sameMask.hashKey, also }, vocabulary, random);
    if (next === undefined) return;
    parent[key] = next;
    perturbed.push({ ...at, path, coordinate, reason: 'masked' });
  };

  /** Under a field the caller receives: the parts with their own `@pii` that are denied are replaced; with `sameMask`, masked leaves too. */
  const perturbParts = (type: GraphQLObjectType, value: unknown, record: unknown, masks: MaskStrategy[], at: At, path: string) => {
    if (value === null || typeof value !== 'object' || value instanceof Date) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => perturbParts(type, item, record, masks, at, `${path}.${i}`));
      return;
    }
    const parent = value as Record<string, unknown>;
    const fields = type.getFields();
    for (const key of Object.keys(parent)) {
      const field = fields[key];
      if (!field) continue;
      const coordinate = `${type.name}.${key}`;
      const own = piiIndex.fieldAnnotation(type.name, key) ? decisionOf(coordinate, record) : undefined;
      if (own?.effect === 'deny') {
        parent[key] = replacement(coordinate, parent[key], vocabulary, random);
        perturbed.push({ ...at, path: `${path}.${key}`, coordinate, reason: 'denied' });
        continue;
      }
      const below = [...masks, ...maskOf(own)];
      const named = getNamedType(field.type);
      if (isObjectType(named)) perturbParts(named, parent[key], record, below, at, `${path}.${key}`);
      else perturbMasked(parent, key, coordinate, below, at, `${path}.${key}`);
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
        const computed = COMPUTED_FROM[coordinate] ?? [];
        const withheld = !inScope || [coordinate, ...computed.map((c) => c.coordinate)].every((c) => denied(c, original));
        if (withheld) {
          doc[key] = replacement(coordinate, doc[key], vocabulary, random);
          perturbed.push({ type, id: doc._id, path: key, coordinate, reason: inScope ? 'denied' : 'out-of-scope' });
          continue;
        }
        const masks = maskOf(decisionOf(coordinate, original));
        const named = getNamedType(field.type);
        if (isObjectType(named)) {
          perturbParts(named, doc[key], original, masks, { type, id: doc._id }, key);
          continue;
        }
        // A stored value behind a computed field keeps that field as the caller receives it (raw, masked or withheld).
        const also = (candidate: unknown) =>
          computed.every(({ coordinate: c, compute }) => {
            const d = decisionOf(c, original);
            if (d?.effect === 'deny') return true;
            const [a, b] = [compute(original), compute({ ...original, [key]: candidate })];
            return d?.effect === 'mask' ? sameMasked(c, a, b, d.strategy ?? 'redact', sameMask?.hashKey ?? '') : jsonKey(a) === jsonKey(b);
          });
        perturbMasked(doc, key, coordinate, masks, { type, id: doc._id }, key, also);
      }
    }
  }
  return { data, perturbed };
}

/** Whether two values have the same masked form. */
function sameMasked(coordinate: string, a: unknown, b: unknown, strategy: MaskStrategy, hashKey: string): boolean {
  return jsonKey(maskValue(a, strategy, { hashKey, coordinate })) === jsonKey(maskValue(b, strategy, { hashKey, coordinate }));
}
