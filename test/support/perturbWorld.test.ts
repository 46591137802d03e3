import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { decide, loadPolicy, loadPolicyFile, maskValue, readPiiAnnotations, type CompiledPolicy, type MaskStrategy } from '@confero/directives';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { generateSeedData } from '@confero/tools';
import { describe, expect, it } from 'vitest';
import { reachable, type Asker } from './leakExpectations.ts';
import { perturbWorld } from './perturbWorld.ts';
import { ENTITY_COLLECTIONS, jsonKey, seedVocabulary, SUPERGRAPH_SCHEMA, type EntityType } from './seedVocabulary.ts';

// An oracle written apart from perturbWorld: for every leaf of every @pii field it says
// whether the caller may see it (in scope, and no @pii link above it denied), and the test
// requires every change to be at a withheld leaf and every visible leaf to be unchanged.

const loaded = loadPolicyFile(POLICY_PATH);
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const policy: CompiledPolicy = loaded.policy;
const piiIndex = readPiiAnnotations(readSupergraph());
const data = generateSeedData({ shoppers: 40, clients: 4, opportunities: 30, assignments: 80, deliverables: 50 });
const vocabulary = seedVocabulary();

const ASKERS: Asker[] = [
  { role: 'FINANCE', purpose: 'SERVICES' },
  { role: 'OPERATIONS', purpose: 'OPPORTUNITY_MATCHING' },
  { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' },
  { role: 'CLIENT', purpose: 'CLIENT_REPORTING', clientId: data.clients[1]!._id },
  { role: 'SHOPPER', purpose: 'SERVICES', shopperId: data.shoppers[3]!._id },
  { role: 'AUDITOR', purpose: 'AUDITING' },
  { role: 'LEGAL', purpose: null },
];

interface Leaf {
  json: string;
  value: unknown;
  /** False: withheld (out of scope, or a @pii link above it denied). */
  visible: boolean;
  /** The masks the gateway applies to it (its own and its ancestors'); none: received raw. */
  strategies: MaskStrategy[];
  /** The leaf's schema coordinate (`PostalAddress.region`), whose last segment the masks read. */
  coordinate: string;
}

/** Every leaf of a record's `@pii` fields: its path, its value, whether the asker may see it and under which masks. */
function leaves(type: EntityType, doc: Record<string, unknown>, asker: Asker, inScope: boolean, record: Record<string, unknown>) {
  const out = new Map<string, Leaf>();
  const decision = (coordinate: string) => {
    const [t, f] = coordinate.split('.') as [string, string];
    const annotation = piiIndex.fieldAnnotation(t, f)!;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record });
  };
  const deny = (coordinate: string) => decision(coordinate).effect === 'deny';
  const masksOf = (coordinate: string): MaskStrategy[] => {
    const d = decision(coordinate);
    return d.effect === 'mask' ? [d.strategy ?? 'redact'] : [];
  };
  const walk = (objectType: GraphQLObjectType, value: unknown, path: string, visible: boolean, strategies: MaskStrategy[], coordinate: string) => {
    if (value === null || typeof value !== 'object' || value instanceof Date) {
      out.set(path, { json: jsonKey(value), value, visible, strategies, coordinate });
      return;
    }
    if (Array.isArray(value)) {
      out.set(`${path}#length`, { json: String(value.length), value: value.length, visible, strategies: [], coordinate });
      value.forEach((item, i) => walk(objectType, item, `${path}.${i}`, visible, strategies, coordinate));
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const field = objectType.getFields()[key];
      if (!field) continue;
      const leaf = `${objectType.name}.${key}`;
      const own = piiIndex.fieldAnnotation(objectType.name, key) !== undefined;
      const here = visible && !(own && deny(leaf));
      const below = own && here ? [...strategies, ...masksOf(leaf)] : strategies;
      const named = getNamedType(field.type);
      walk(isObjectType(named) ? named : objectType, v, `${path}.${key}`, here, below, leaf);
    }
  };
  const objectType = SUPERGRAPH_SCHEMA.getType(type) as GraphQLObjectType;
  for (const [key, value] of Object.entries(doc)) {
    if (!piiIndex.fieldAnnotation(type, key) || !objectType.getFields()[key]) continue;
    const coordinate = `${type}.${key}`;
    const computed = key === 'firstName' || key === 'lastName' ? ['Shopper.name'] : [];
    const visible = inScope && ![coordinate, ...computed].every(deny);
    const strategies = visible ? masksOf(coordinate) : [];
    const named = getNamedType(objectType.getFields()[key]!.type);
    if (isObjectType(named)) walk(named, value, key, visible, strategies, coordinate);
    else out.set(key, { json: jsonKey(value), value, visible, strategies, coordinate });
  }
  return out;
}

/** The record without its `@pii` fields: ids, foreign keys, consents, policy version, untagged fields. */
function notPii(type: EntityType, doc: Record<string, unknown>) {
  const fields = (SUPERGRAPH_SCHEMA.getType(type) as GraphQLObjectType).getFields();
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !(fields[key] && piiIndex.fieldAnnotation(type, key))));
}

describe('perturbWorld', () => {
  describe.each(ASKERS)('for $role / $purpose', (asker) => {
    const before = structuredClone(data);
    const world = perturbWorld({ data, policy, asker, vocabulary, seed: 7 });
    const canReach = reachable(data, policy, asker);

    it('leaves world A as it was', () => {
      expect(data).toEqual(before);
    });

    it('keeps every id, foreign key, consent flag, policy version and untagged field', () => {
      for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS) as Array<[EntityType, 'shoppers' | 'clients' | 'deliverables']>) {
        const a = data[collection].map((d) => notPii(type, d as unknown as Record<string, unknown>));
        const b = world.data[collection].map((d) => notPii(type, d as unknown as Record<string, unknown>));
        expect(b).toEqual(a);
      }
      expect(world.data.opportunities).toEqual(data.opportunities);
      expect(world.data.assignments).toEqual(data.assignments);
    });

    it('changes only values the caller may not see, and most of those', () => {
      let withheld = 0;
      let changed = 0;
      for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS) as Array<[EntityType, 'shoppers' | 'clients' | 'deliverables']>) {
        data[collection].forEach((docA, i) => {
          const a = docA as unknown as Record<string, unknown> & { _id: string };
          const b = world.data[collection][i] as unknown as Record<string, unknown>;
          const inScope = canReach[type](a._id);
          const leavesA = leaves(type, a, asker, inScope, a);
          const leavesB = leaves(type, b, asker, inScope, a);
          for (const [path, leaf] of leavesA) {
            if (leaf.visible) {
              expect(leavesB.get(path)?.json, `${type} ${a._id} ${path}`).toBe(leaf.json);
            } else {
              withheld += 1;
              if (leavesB.get(path)?.json !== leaf.json) changed += 1;
            }
          }
          for (const [path, leaf] of leavesB) if (!leavesA.has(path)) expect(leaf.visible, `${type} ${a._id} ${path} appeared`).toBe(false);
        });
      }
      expect(withheld).toBeGreaterThan(0);
      expect(changed / withheld).toBeGreaterThan(0.6);
    });

    it('reports each perturbed value with its reason', () => {
      expect(world.perturbed.length).toBeGreaterThan(0);
      for (const p of world.perturbed) expect(p.reason === 'out-of-scope').toBe(!canReach[p.type](p.id));
    });

    it('is deterministic', () => {
      expect(perturbWorld({ data, policy, asker, vocabulary, seed: 7 }).data).toEqual(world.data);
    });
  });

  it('perturbs the region of every shopper for a role that gets no address, and of none for one that gets it in full', () => {
    const finance = perturbWorld({ data, policy, asker: { role: 'FINANCE', purpose: 'SERVICES' }, vocabulary });
    const changedRegions = finance.data.shoppers.filter((s, i) => s.address?.region !== data.shoppers[i]!.address?.region);
    expect(changedRegions.length).toBeGreaterThan(data.shoppers.length * 0.8);
    const partner = perturbWorld({ data, policy, asker: { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' }, vocabulary });
    expect(partner.data.shoppers.map((s) => s.address)).toEqual(data.shoppers.map((s) => s.address));
  });

  it('perturbs a denied part under a masked field (the street of an address given generalised) and keeps the rest', () => {
    const ops = perturbWorld({ data, policy, asker: { role: 'OPERATIONS', purpose: 'OPPORTUNITY_MATCHING' }, vocabulary });
    const streets = ops.data.shoppers.filter((s, i) => s.address?.street !== data.shoppers[i]!.address?.street);
    expect(streets.length).toBeGreaterThan(0);
    expect(ops.data.shoppers.map((s) => s.address?.city)).toEqual(data.shoppers.map((s) => s.address?.city));
  });

  it('keeps a partner’s consented email and changes an unconsented one', () => {
    const partner = perturbWorld({ data, policy, asker: { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' }, vocabulary });
    data.shoppers.forEach((s, i) => {
      const shown = s.consents.shareContactWithPartners && s.policyVersion === policy.version;
      if (shown) expect(partner.data.shoppers[i]!.email).toBe(s.email);
      else expect(partner.data.shoppers[i]!.email).not.toBe(s.email);
    });
  });

  describe('with sameMask', () => {
    const hashKey = 'perturb-world-test-hash-key';
    const masked = (leaf: Leaf, value: unknown) => leaf.strategies.map((s) => jsonKey(maskValue(value, s, { hashKey, coordinate: leaf.coordinate })));

    it.each(ASKERS)('changes for $role / $purpose only what it may not see or sees masked, and keeps every masked form', (asker) => {
      const world = perturbWorld({ data, policy, asker, vocabulary, seed: 11, sameMask: { hashKey } });
      const canReach = reachable(data, policy, asker);
      for (const [type, collection] of Object.entries(ENTITY_COLLECTIONS) as Array<[EntityType, 'shoppers' | 'clients' | 'deliverables']>) {
        expect(world.data[collection].map((d) => notPii(type, d as never))).toEqual(data[collection].map((d) => notPii(type, d as never)));
        data[collection].forEach((docA, i) => {
          const a = docA as unknown as Record<string, unknown> & { _id: string };
          const b = world.data[collection][i] as unknown as Record<string, unknown>;
          const leavesB = leaves(type, b, asker, canReach[type](a._id), a);
          for (const [path, leaf] of leaves(type, a, asker, canReach[type](a._id), a)) {
            if (!leaf.visible) continue;
            const other = leavesB.get(path);
            if (leaf.strategies.length === 0) expect(other?.json, `${type} ${a._id} ${path} (raw)`).toBe(leaf.json);
            else expect(masked(leaf, other?.value), `${type} ${a._id} ${path} (masked)`).toEqual(masked(leaf, leaf.value));
          }
        });
      }
      // Shopper.name as the caller receives it.
      const nameDecision = (s: (typeof data.shoppers)[number]) =>
        decide(policy, { role: asker.role, purpose: asker.purpose, annotation: piiIndex.fieldAnnotation('Shopper', 'name')!, coordinate: 'Shopper.name', record: s });
      data.shoppers.forEach((s, i) => {
        const d = nameDecision(s);
        if (!canReach.Shopper(s._id) || d.effect === 'deny') return;
        const nameOf = (x: { firstName?: string | null; lastName?: string | null }) => [x.firstName, x.lastName].filter(Boolean).join(' ');
        const view = (x: typeof s) => (d.effect === 'mask' ? maskValue(nameOf(x), d.strategy ?? 'redact', { hashKey, coordinate: 'Shopper.name' }) : nameOf(x));
        expect(view(world.data.shoppers[i]!), `${s._id} name`).toEqual(view(s));
      });
    });

    it('gives a partially masked region another region with the same first letter, and initials-masked names other names with the same initials', () => {
      const auditor = perturbWorld({ data, policy, asker: { role: 'AUDITOR', purpose: 'AUDITING' }, vocabulary, sameMask: { hashKey } });
      const regions = auditor.data.shoppers.filter((s, i) => s.address?.region !== data.shoppers[i]!.address?.region);
      expect(regions.length).toBeGreaterThan(data.shoppers.length / 2);
      regions.forEach((s) => expect(s.address!.region![0]).toBe(data.shoppers.find((x) => x._id === s._id)!.address!.region![0]));
      const client = perturbWorld({ data, policy, asker: { role: 'CLIENT', purpose: 'CLIENT_REPORTING', clientId: data.clients[1]!._id }, vocabulary, sameMask: { hashKey } });
      expect(client.perturbed.some((p) => p.reason === 'masked' && p.coordinate === 'Shopper.firstName')).toBe(true);
    });
  });

  it('keeps a masked first name when the full name is given raw (a computed field shows what it reads)', () => {
    type Roles = Record<string, { grants: Array<{ fields?: Record<string, unknown> }> }>;
    const document = structuredClone(policy.document) as unknown as { roles: Roles; previousVersions?: Record<string, { roles: Roles }> };
    for (const version of [document, ...Object.values(document.previousVersions ?? {})]) {
      const grant = version.roles.AUDITOR?.grants[0];
      if (grant) grant.fields = { ...grant.fields, 'Shopper.name': 'allow' };
    }
    const edited = loadPolicy(document);
    if ('errors' in edited) throw new Error(edited.errors.join('\n'));
    const world = perturbWorld({ data, policy: edited.policy, asker: { role: 'AUDITOR', purpose: 'AUDITING' }, vocabulary, sameMask: { hashKey: 'k' } });
    expect(world.data.shoppers.map((s) => [s.firstName, s.lastName])).toEqual(data.shoppers.map((s) => [s.firstName, s.lastName]));
    expect(world.perturbed.some((p) => p.reason === 'masked' && p.coordinate === 'PostalAddress.region')).toBe(true);
  });

  it('never perturbs a coordinate it is told to keep', () => {
    const kept = perturbWorld({ data, policy, asker: { role: 'FINANCE', purpose: null }, vocabulary, keep: new Set(['Shopper.webActivity']) });
    expect(kept.data.shoppers.map((s) => s.webActivity)).toEqual(data.shoppers.map((s) => s.webActivity));
    expect(kept.data.shoppers.some((s, i) => s.email !== data.shoppers[i]!.email)).toBe(true);
  });
});
