import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { decide, maskValue, type CompiledPolicy, type Decision, type MaskStrategy, type PiiIndex } from '@confero/directives';
import { createRandom, replacement, sameMaskReplacement } from './replacementValues.ts';
import { jsonKey, type ValueVocabulary } from './valueVocabulary.ts';

/** A stored document: its `_id` and its fields, named as the schema's. */
export type StoredDocument = Record<string, unknown> & { _id: string };

/** A schema field a resolver computes from stored fields (`Shopper.name` from first and last name). */
export interface ComputedField {
  /** `Type.field` of the computed field. */
  coordinate: string;
  /** Its value from a stored document. */
  compute(doc: Record<string, unknown>): unknown;
}

/** Options of {@link perturbDocuments}. */
export interface PerturbDocumentsOptions {
  /** The supergraph as a graphql-js schema (types and fields). */
  schema: GraphQLSchema;
  /** The supergraph's `@pii` (`readPiiAnnotations`). */
  pii: PiiIndex;
  /** World A: the documents by entity type name, left untouched. */
  documents: Readonly<Record<string, ReadonlyArray<StoredDocument>>>;
  /** Whether the caller's record scope reaches a document of a type (the subgraphs' scope rules). */
  reachable(typeName: string, doc: StoredDocument): boolean;
  /** The policy the system enforces (its current and earlier versions). */
  policy: CompiledPolicy;
  /** The caller: role and purpose (null: none). */
  asker: { role: string; purpose: string | null };
  /** Where replacement values come from. */
  vocabulary: ValueVocabulary;
  /** PRNG seed of the choices (same seed, same world). Default 1. */
  seed?: number;
  /** Top-level coordinates never perturbed, besides each type's `consents` and `policyVersion` (which `decide` reads). Default: none. */
  keep?: ReadonlySet<string>;
  /** Stored fields behind computed fields, by the stored field's coordinate. Default: none. */
  computedFrom?: Readonly<Record<string, readonly ComputedField[]>>;
  /** Also replace each value the caller receives masked by another with the same masked form (with the gateway's hash key). Default: off. */
  sameMask?: { hashKey: string };
}

/** One value world B holds in place of world A's. */
export interface PerturbedValue {
  type: string;
  id: string;
  /** Where in the document, e.g. `address.street`, `recordings.1.url`, `email`. */
  path: string;
  /** The schema coordinate that withholds it (`Patient.allergies`, `PostalAddress.street`). */
  coordinate: string;
  /** Why the caller may not see it (or, with `sameMask`, sees only its masked form). */
  reason: 'out-of-scope' | 'denied' | 'masked';
}

/**
 * World B of a non-interference check, for any deployment: the documents with every value the
 * caller may not see replaced by another valid value of the same type and shape, drawn from
 * `vocabulary` (or a same-shaped variant). Pure: `options.documents` is not modified.
 *
 * Withheld, per record: every `@pii` field (and everything under it) of a record outside the
 * caller's record scope; every `@pii` field whose decision for the caller on that record is
 * deny (`decide` with the record: consent and the record's policy version count), unless a
 * computed field built from it is not denied; and, under a field the caller gets allowed or
 * masked, each part with its own `@pii` whose decision is deny (the planner prunes such a part
 * before any mask runs). Never perturbed: ids, fields without `@pii`, what `decide` reads
 * (`consents`, `policyVersion`), and values the caller receives allowed or masked (a mask is
 * a function of the value) — with `sameMask`, a masked value is replaced where another value
 * has the same masked form under every mask above it.
 */
export function perturbDocuments(options: PerturbDocumentsOptions): { documents: Record<string, StoredDocument[]>; perturbed: PerturbedValue[] } {
  const { policy, asker, vocabulary, sameMask, schema, pii } = options;
  const random = createRandom(options.seed ?? 1);
  const computedFrom = options.computedFrom ?? {};
  const documents: Record<string, StoredDocument[]> = structuredClone(options.documents) as Record<string, StoredDocument[]>;
  const perturbed: PerturbedValue[] = [];

  const decisionOf = (coordinate: string, record: unknown): Decision | undefined => {
    const [type, field] = coordinate.split('.') as [string, string];
    const annotation = pii.fieldAnnotation(type, field);
    if (!annotation) return undefined;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record: record as Record<string, unknown> });
  };
  const denied = (coordinate: string, record: unknown) => decisionOf(coordinate, record)?.effect === 'deny';
  const maskOf = (d: Decision | undefined): MaskStrategy[] => (d?.effect === 'mask' ? [d.strategy ?? 'redact'] : []);

  type At = Omit<PerturbedValue, 'path' | 'coordinate' | 'reason'>;
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
      const own = pii.fieldAnnotation(type.name, key) ? decisionOf(coordinate, record) : undefined;
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

  for (const [type, docs] of Object.entries(documents)) {
    const objectType = schema.getType(type);
    if (!isObjectType(objectType)) throw new Error(`perturbDocuments: the schema has no object type ${type}`);
    const fields = objectType.getFields();
    // What decisions read from the record is the same in both worlds, tagged or not.
    const keep = new Set<string>([...(options.keep ?? []), `${type}.consents`, `${type}.policyVersion`]);
    for (const doc of docs) {
      // Decisions and scope read the record as world A holds it.
      const original = { ...doc };
      const inScope = options.reachable(type, original);
      for (const key of Object.keys(doc)) {
        const field = fields[key];
        const coordinate = `${type}.${key}`;
        if (!field || !pii.fieldAnnotation(type, key) || keep.has(coordinate)) continue;
        const computed = computedFrom[coordinate] ?? [];
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
  return { documents, perturbed };
}

/** Whether two values have the same masked form. */
function sameMasked(coordinate: string, a: unknown, b: unknown, strategy: MaskStrategy, hashKey: string): boolean {
  return jsonKey(maskValue(a, strategy, { hashKey, coordinate })) === jsonKey(maskValue(b, strategy, { hashKey, coordinate }));
}
