import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { decide, loadPolicyFile, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';
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

/** Every leaf of a record's `@pii` fields: its path, its value's JSON, and whether the asker may see it. */
function leaves(type: EntityType, doc: Record<string, unknown>, asker: Asker, inScope: boolean, record: Record<string, unknown>) {
  const out = new Map<string, { json: string; visible: boolean }>();
  const deny = (coordinate: string) => {
    const [t, f] = coordinate.split('.') as [string, string];
    const annotation = piiIndex.fieldAnnotation(t, f)!;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record }).effect === 'deny';
  };
  const walk = (objectType: GraphQLObjectType, value: unknown, path: string, visible: boolean) => {
    if (value === null || typeof value !== 'object' || value instanceof Date) {
      out.set(path, { json: jsonKey(value), visible });
      return;
    }
    if (Array.isArray(value)) {
      out.set(`${path}#length`, { json: String(value.length), visible });
      value.forEach((item, i) => walk(objectType, item, `${path}.${i}`, visible));
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const field = objectType.getFields()[key];
      if (!field) continue;
      const own = piiIndex.fieldAnnotation(objectType.name, key) !== undefined;
      const here = visible && !(own && deny(`${objectType.name}.${key}`));
      const named = getNamedType(field.type);
      if (isObjectType(named)) walk(named, v, `${path}.${key}`, here);
      else out.set(`${path}.${key}`, { json: jsonKey(v), visible: here });
    }
  };
  const objectType = SUPERGRAPH_SCHEMA.getType(type) as GraphQLObjectType;
  for (const [key, value] of Object.entries(doc)) {
    if (!piiIndex.fieldAnnotation(type, key) || !objectType.getFields()[key]) continue;
    const computed = key === 'firstName' || key === 'lastName' ? ['Shopper.name'] : [];
    const visible = inScope && ![`${type}.${key}`, ...computed].every(deny);
    const named = getNamedType(objectType.getFields()[key]!.type);
    if (isObjectType(named)) walk(named, value, key, visible);
    else out.set(key, { json: jsonKey(value), visible });
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
              expect(leavesB.get(path), `${type} ${a._id} ${path}`).toEqual(leaf);
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

  it('never perturbs a coordinate it is told to keep', () => {
    const kept = perturbWorld({ data, policy, asker: { role: 'FINANCE', purpose: null }, vocabulary, keep: new Set(['Shopper.webActivity']) });
    expect(kept.data.shoppers.map((s) => s.webActivity)).toEqual(data.shoppers.map((s) => s.webActivity));
    expect(kept.data.shoppers.some((s, i) => s.email !== data.shoppers[i]!.email)).toBe(true);
  });
});
