import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphTestbed, type SubgraphTestbed } from '@confero/testing';
import { startShopperSubgraph } from './index.ts';

// Eligibility through the shopper subgraph's entity resolver, against a brute-force computation
// over the seed (the testbed's seed is the one shopperSubgraph.test.ts uses).

const OPS = { role: 'OPERATIONS' };
const SEED = { shoppers: 300, clients: 6, opportunities: 60, assignments: 400, deliverables: 60 };

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);

describe('shopper subgraph', () => {
  let t: SubgraphTestbed;
  beforeAll(async () => {
    t = await startSubgraphTestbed({ start: startShopperSubgraph, seed: SEED });
  });
  afterAll(async () => t?.stop());

  describe('Opportunity.eligibleShoppers', () => {
    const eligibility = `query ($r: [_Any!]!, $n: Int) { _entities(representations: $r) { ... on Opportunity { id eligibleShoppers(first: $n) { id } } } }`;
    const representation = (o: (typeof t.data.opportunities)[number]) => ({
      __typename: 'Opportunity',
      id: o._id,
      store: { location: o.store.location },
      requirements: { minRating: o.requirements.minRating, maxDistanceKm: o.requirements.maxDistanceKm },
      client: { competitors: t.data.clients.find((c) => c._id === o.clientId)!.competitors },
    });
    const bruteForce = (o: (typeof t.data.opportunities)[number], competitors: string[]) =>
      t.data.shoppers
        .filter((s) => s.status === 'ACTIVE' && (s.rating ?? 0) >= o.requirements.minRating)
        .filter((s) => !(s.competitorAffiliations ?? []).some((c) => competitors.includes(c)))
        .map((s) => ({ id: s._id, d: distanceKm(s.homeLocation!, o.store.location) }))
        .filter((s) => s.d <= o.requirements.maxDistanceKm)
        .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
        .map((s) => s.id);

    it('matches a brute-force computation over the seeded shoppers, nearest first', async () => {
      const opportunities = t.data.opportunities;
      const { json } = await t.query(OPS, eligibility, { r: opportunities.map(representation), n: 100 });
      expect(json.errors).toBeUndefined();
      let total = 0;
      let screenedOut = 0;
      opportunities.forEach((o, i) => {
        const competitors = t.data.clients.find((c) => c._id === o.clientId)!.competitors;
        const expected = bruteForce(o, competitors);
        expect(ids(json.data!._entities[i].eligibleShoppers)).toEqual(expected.slice(0, 100));
        total += expected.length;
        screenedOut += bruteForce(o, []).length - expected.length;
      });
      expect(total).toBeGreaterThan(0); // shoppers really live near the stores
      expect(screenedOut).toBeGreaterThan(0); // and competitor screening really removes some
    });

    it('returns at most first shoppers, the nearest ones', async () => {
      const o = t.data.opportunities.find((x) => bruteForce(x, []).length > 3)!;
      const competitors = t.data.clients.find((c) => c._id === o.clientId)!.competitors;
      const { json } = await t.query(OPS, eligibility, { r: [representation(o)], n: 2 });
      expect(ids(json.data!._entities[0].eligibleShoppers)).toEqual(bruteForce(o, competitors).slice(0, 2));
    });

    it.each([[0], [101]])('refuses first: %i with PAGE_SIZE_OUT_OF_RANGE', async (n) => {
      const { json } = await t.query(OPS, eligibility, { r: [representation(t.data.opportunities[0]!)], n });
      expect(json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    });

    it('answers null outside record scope all', async () => {
      const r = [representation(t.data.opportunities[0]!)];
      for (const caller of [{ role: 'CLIENT', clientId: t.data.opportunities[0]!.clientId }, { role: 'PARTNER' }, { role: 'NOBODY' }]) {
        const { json } = await t.query(caller, eligibility, { r, n: 10 });
        expect(json.data!._entities[0].eligibleShoppers).toBeNull();
      }
    });
  });
});
