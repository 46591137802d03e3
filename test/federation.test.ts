import { haversineKm } from '@confero/subgraph-shopper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The federated graph end to end: embedded database, seeded data, three subgraphs, gateway.
// LEGAL with LEGAL_COMPLIANCE is granted every category, so data can be checked in full.
const LEGAL = { role: 'LEGAL', sub: 'legal-1' };
const PURPOSE = 'LEGAL_COMPLIANCE';

describe('the federated graph', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => t?.stop());

  it('answers GET /health with 200 when ready', async () => {
    const res = await fetch(t.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('runs on the query planner QUERY_PLANNER names (Apollo Gateway’s when unset)', () => {
    expect(t.system.gateway.queryPlanner).toBe(process.env.QUERY_PLANNER || 'hive');
  });

  it('resolves a deliverable with its opportunity, client and shopper across all three subgraphs', async () => {
    const deliverable = t.data.deliverables.find((d) => d.receipt)!;
    const opportunity = t.data.opportunities.find((o) => o._id === deliverable.opportunityId)!;
    const client = t.data.clients.find((c) => c._id === opportunity.clientId)!;
    const shopper = t.data.shoppers.find((s) => s._id === deliverable.shopperId)!;
    const { status, json } = await t.query(
      LEGAL,
      PURPOSE,
      `query ($id: ID!) { deliverable(id: $id) {
         id receipt { receiptNumber amount }
         opportunity { id title client { id name competitors } }
         shopper { id email assignments(first: 100) { totalCount nodes { id } } }
      } }`,
      { id: deliverable._id },
    );
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
    const d = json.data!.deliverable;
    expect(d.id).toBe(deliverable._id);
    expect(d.receipt).toEqual({ receiptNumber: deliverable.receipt!.receiptNumber, amount: deliverable.receipt!.amount });
    expect(d.opportunity).toEqual({ id: opportunity._id, title: opportunity.title, client: { id: client._id, name: client.name, competitors: client.competitors } });
    expect(d.shopper.email).toBe(shopper.email);
    const assignments = t.data.assignments.filter((a) => a.shopperId === shopper._id);
    expect(d.shopper.assignments.totalCount).toBe(assignments.length);
    expect(d.shopper.assignments.nodes.map((n: { id: string }) => n.id).sort()).toEqual(assignments.map((a) => a._id).sort());
  });

  it('lists eligible shoppers exactly as a brute-force check over the seed computes them', async () => {
    let checked = 0;
    for (const opportunity of t.data.opportunities.slice(0, 12)) {
      const client = t.data.clients.find((c) => c._id === opportunity.clientId)!;
      const expected = t.data.shoppers
        .filter((s) => s.status === 'ACTIVE')
        .filter((s) => (s.rating ?? 0) >= opportunity.requirements.minRating)
        .filter((s) => !(s.competitorAffiliations ?? []).some((c) => client.competitors.includes(c)))
        .filter((s) => haversineKm(s.homeLocation!, opportunity.store.location) <= opportunity.requirements.maxDistanceKm)
        .map((s) => s._id)
        .sort();
      const { json } = await t.query(
        { role: 'OPERATIONS', sub: 'ops-1' },
        'OPPORTUNITY_MATCHING',
        `query ($id: ID!) { opportunity(id: $id) { id eligibleShoppers(first: 100) { id } } }`,
        { id: opportunity._id },
      );
      expect(json.errors).toBeUndefined();
      const got = (json.data!.opportunity.eligibleShoppers as Array<{ id: string }>).map((s) => s.id).sort();
      expect(got).toEqual(expected.slice(0, 100));
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(0); // the seed really places shoppers near stores
  });

  it('pages through clients with their opportunities', async () => {
    const first = await t.query(LEGAL, PURPOSE, `{ clients(first: 4) { totalCount pageInfo { endCursor hasNextPage } nodes { id opportunities(first: 2) { totalCount nodes { id } } } } }`);
    expect(first.json.errors).toBeUndefined();
    const page = first.json.data!.clients;
    expect(page.totalCount).toBe(t.data.clients.length);
    expect(page.nodes).toHaveLength(4);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const c0 = page.nodes[0];
    expect(c0.opportunities.totalCount).toBe(t.data.opportunities.filter((o) => o.clientId === c0.id).length);
    const second = await t.query(LEGAL, PURPOSE, `query ($after: String) { clients(first: 4, after: $after) { nodes { id } } }`, { after: page.pageInfo.endCursor });
    const ids = [...page.nodes, ...second.json.data!.clients.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(Math.min(8, t.data.clients.length));
  });

  describe('when the input is bad', () => {
    it('returns null, without an error, for unknown ids', async () => {
      const { json } = await t.query(LEGAL, PURPOSE, `{ shopper(id: "shp_nope") { id } opportunity(id: "x") { id } client(id: "y") { id } }`);
      expect(json.errors).toBeUndefined();
      expect(json.data).toEqual({ shopper: null, opportunity: null, client: null });
    });

    it.each([[0], [-1], [101]])('refuses a page size of %i with PAGE_SIZE_OUT_OF_RANGE', async (first) => {
      const { json } = await t.query(LEGAL, PURPOSE, `query ($n: Int) { shoppers(first: $n) { nodes { id } } }`, { n: first });
      expect(json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    });

    it('refuses a malformed cursor with INVALID_CURSOR', async () => {
      const { json } = await t.query(LEGAL, PURPOSE, `{ opportunities(first: 2, after: "%%%") { nodes { id } } }`);
      expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    });
  });
});
