import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@confero/subgraph-common';
import { startSubgraphTestbed, type SubgraphTestbed, type TestCaller } from '@confero/testing';
import { startOpportunitySubgraph } from './index.ts';

// The opportunity subgraph over real HTTP, a real signed caller context and an embedded FerretDB.
const OPS = { role: 'OPERATIONS' };
const SEED = { shoppers: 80, clients: 6, opportunities: 120, assignments: 400, deliverables: 320 };

const ids = (nodes: Array<{ id: string } | null>) => nodes.map((n) => n?.id ?? null);
const sorted = (values: string[]) => [...values].sort();
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) {
  ... on Opportunity { id } ... on Assignment { id } ... on Deliverable { id } ... on Shopper { id } ... on Client { id }
} }`;

describe('opportunity subgraph', () => {
  let t: SubgraphTestbed;
  beforeAll(async () => {
    t = await startSubgraphTestbed({ start: startOpportunitySubgraph, seed: SEED });
  });
  afterAll(async () => t?.stop());

  const ref = (__typename: string, id: string) => ({ __typename, id });

  describe('root fields', () => {
    it('pages through the opportunities in id order with the total count', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const { json } = await t.query(OPS, `query ($a: String) { opportunities(first: 50, after: $a) { totalCount pageInfo { endCursor hasNextPage } nodes { id } } }`, { a: after });
        expect(json.errors).toBeUndefined();
        expect(json.data!.opportunities.totalCount).toBe(SEED.opportunities);
        seen.push(...ids(json.data!.opportunities.nodes) as string[]);
        after = json.data!.opportunities.pageInfo.hasNextPage ? json.data!.opportunities.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(sorted(t.data.opportunities.map((o) => o._id)));
    });

    it('filters opportunities by client and status', async () => {
      const { clientId, status } = t.data.opportunities[0]!;
      const { json } = await t.query(OPS, `query ($c: ID, $s: OpportunityStatus) { opportunities(first: 100, filter: { clientId: $c, status: $s }) { totalCount nodes { id } } }`, { c: clientId, s: status });
      const expected = t.data.opportunities.filter((o) => o.clientId === clientId && o.status === status).map((o) => o._id);
      expect(json.data!.opportunities.totalCount).toBe(expected.length);
      expect(ids(json.data!.opportunities.nodes)).toEqual(sorted(expected));
    });

    it('returns an opportunity with its store, requirements, window and a Client reference', async () => {
      const o = t.data.opportunities[4]!;
      const { json } = await t.query(OPS, `query ($id: ID!) { opportunity(id: $id) {
        id title fee currency status windowStart windowEnd client { id }
        store { name street city region location { lat lng } }
        requirements { minRating maxDistanceKm purchaseRequired recordingRequired }
      } }`, { id: o._id });
      expect(json.errors).toBeUndefined();
      expect(json.data!.opportunity).toEqual({
        id: o._id, title: o.title, fee: o.fee, currency: o.currency, status: o.status,
        windowStart: o.windowStart.toISOString(), windowEnd: o.windowEnd.toISOString(), client: { id: o.clientId },
        store: o.store, requirements: o.requirements,
      });
    });

    it('returns a deliverable with its answers, receipt, recordings and check-in', async () => {
      const d = t.data.deliverables.find((x) => x.receipt && (x.recordings ?? []).length > 0)!;
      const { json } = await t.query(OPS, `query ($id: ID!) { deliverable(id: $id) {
        id submittedAt verificationStatus shopper { id } assignment { id } opportunity { id }
        answers { question answer } receipt { receiptNumber purchasedAt amount currency cardLast4 }
        recordings { kind url durationSeconds } checkIn { at location { lat lng } }
      } }`, { id: d._id });
      expect(json.errors).toBeUndefined();
      expect(json.data!.deliverable).toEqual({
        id: d._id, submittedAt: d.submittedAt.toISOString(), verificationStatus: d.verificationStatus,
        shopper: { id: d.shopperId }, assignment: { id: d.assignmentId }, opportunity: { id: d.opportunityId },
        answers: d.answers, receipt: { ...d.receipt!, purchasedAt: d.receipt!.purchasedAt.toISOString() },
        recordings: d.recordings, checkIn: { at: d.checkIn!.at.toISOString(), location: d.checkIn!.location },
      });
    });

    it('lists deliverables newest first, filtered by verification status', async () => {
      const { json } = await t.query(OPS, `{ deliverables(first: 30, filter: { verificationStatus: VERIFIED }) { totalCount nodes { id submittedAt } } }`);
      const expected = t.data.deliverables.filter((d) => d.verificationStatus === 'VERIFIED');
      expect(json.data!.deliverables.totalCount).toBe(expected.length);
      const got = json.data!.deliverables.nodes as Array<{ id: string; submittedAt: string }>;
      expect(ids(got)).toEqual(expected.map((d) => d._id).sort().reverse().slice(0, 30));
      expect(got.map((d) => d.submittedAt)).toEqual([...got.map((d) => d.submittedAt)].sort().reverse());
    });

    it('continues a newest-first list after its cursor', async () => {
      const first = await t.query(OPS, `{ deliverables(first: 3) { pageInfo { endCursor } nodes { id } } }`);
      const next = await t.query(OPS, `query ($a: String) { deliverables(first: 3, after: $a) { nodes { id } } }`, { a: first.json.data!.deliverables.pageInfo.endCursor });
      expect([...ids(first.json.data!.deliverables.nodes), ...ids(next.json.data!.deliverables.nodes)]).toEqual(t.data.deliverables.map((d) => d._id).sort().reverse().slice(0, 6));
    });

    it('returns null, without an error, for unknown ids', async () => {
      const { json } = await t.query(OPS, `{ opportunity(id: "opp_999999") { id } assignment(id: "x") { id } deliverable(id: "dlv_999999") { id } }`);
      expect(json.errors).toBeUndefined();
      expect(json.data).toEqual({ opportunity: null, assignment: null, deliverable: null });
    });

    it.each([[0], [-1], [101]])('refuses first: %i with PAGE_SIZE_OUT_OF_RANGE, on root and nested lists', async (n) => {
      const root = await t.query(OPS, `query ($n: Int) { opportunities(first: $n) { nodes { id } } }`, { n });
      expect(root.json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
      const nested = await t.query(OPS, `query ($n: Int) { opportunities(first: 1) { nodes { assignments(first: $n) { nodes { id } } } } }`, { n });
      expect(nested.json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    });

    it('refuses a malformed cursor, or one of another list, with INVALID_CURSOR', async () => {
      for (const a of ['%%%', encodeCursor('shp_000001')]) {
        const { json } = await t.query(OPS, `query ($a: String) { deliverables(after: $a) { nodes { id } } }`, { a });
        expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
      }
    });
  });

  describe('nested lists', () => {
    it('gives each opportunity its assignments, each assignment its deliverables', async () => {
      const { json } = await t.query(OPS, `{ opportunities(first: 40) { nodes { id assignments(first: 100) { totalCount nodes { id opportunity { id } shopper { id } deliverables { id } } } } } }`);
      expect(json.errors).toBeUndefined();
      for (const o of json.data!.opportunities.nodes) {
        const expected = t.data.assignments.filter((a) => a.opportunityId === o.id);
        expect(o.assignments.totalCount).toBe(expected.length);
        expect(ids(o.assignments.nodes)).toEqual(sorted(expected.map((a) => a._id)));
        for (const a of o.assignments.nodes) {
          const assignment = expected.find((x) => x._id === a.id)!;
          expect(a.opportunity.id).toBe(o.id);
          expect(a.shopper.id).toBe(assignment.shopperId);
          expect(ids(a.deliverables)).toEqual(sorted(t.data.deliverables.filter((d) => d.assignmentId === a.id).map((d) => d._id)));
        }
      }
    });

    it("pages a shopper's assignments newest first", async () => {
      const shopperId = t.data.assignments[0]!.shopperId;
      const expected = t.data.assignments.filter((a) => a.shopperId === shopperId).map((a) => a._id).sort().reverse();
      const q = `query ($r: [_Any!]!, $a: String) { _entities(representations: $r) { ... on Shopper { assignments(first: 2, after: $a) { totalCount pageInfo { endCursor hasNextPage } nodes { id acceptedAt } } } } }`;
      const page1 = await t.query(OPS, q, { r: [ref('Shopper', shopperId)] });
      const c1 = page1.json.data!._entities[0].assignments;
      expect(c1.totalCount).toBe(expected.length);
      expect(ids(c1.nodes)).toEqual(expected.slice(0, 2));
      expect(c1.pageInfo.hasNextPage).toBe(expected.length > 2);
      const page2 = await t.query(OPS, q, { r: [ref('Shopper', shopperId)], a: c1.pageInfo.endCursor });
      expect(ids(page2.json.data!._entities[0].assignments.nodes)).toEqual(expected.slice(2, 4));
    });

    it("lists a client's opportunities, optionally by status", async () => {
      const clientId = t.data.clients[2]!._id;
      const { json } = await t.query(OPS, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client {
        all: opportunities(first: 100) { totalCount nodes { id } } open: opportunities(first: 100, status: OPEN) { totalCount nodes { id } }
      } } }`, { r: [ref('Client', clientId)] });
      const mine = t.data.opportunities.filter((o) => o.clientId === clientId);
      expect(ids(json.data!._entities[0].all.nodes)).toEqual(sorted(mine.map((o) => o._id)));
      expect(ids(json.data!._entities[0].open.nodes)).toEqual(sorted(mine.filter((o) => o.status === 'OPEN').map((o) => o._id)));
    });
  });

  describe('_entities', () => {
    it('resolves every entity type in order, unknown ones as null', async () => {
      const r = [
        ref('Opportunity', t.data.opportunities[1]!._id), ref('Assignment', t.data.assignments[2]!._id),
        ref('Deliverable', t.data.deliverables[3]!._id), ref('Shopper', t.data.shoppers[4]!._id),
        ref('Client', t.data.clients[0]!._id), ref('Opportunity', 'opp_999999'), ref('Deliverable', 'nope'),
      ];
      const { json } = await t.query(OPS, ENTITIES, { r });
      expect(json.errors).toBeUndefined();
      expect(ids(json.data!._entities)).toEqual([...r.slice(0, 5).map((x) => x.id), null, null]);
    });
  });

  describe('record scope', () => {
    const everything = `{ opportunities(first: 100) { totalCount } deliverables(first: 100) { totalCount nodes { id shopper { id } } } }`;

    it('lets a client reach only its own opportunities, assignments and deliverables', async () => {
      const clientId = t.data.clients[0]!._id;
      const caller = { role: 'CLIENT', clientId };
      const { json } = await t.query(caller, everything);
      expect(json.data!.opportunities.totalCount).toBe(t.data.opportunities.filter((o) => o.clientId === clientId).length);
      expect(json.data!.deliverables.totalCount).toBe(t.data.deliverables.filter((d) => d.clientId === clientId).length);
      const mine = t.data.opportunities.find((o) => o.clientId === clientId)!;
      const theirs = t.data.opportunities.find((o) => o.clientId !== clientId)!;
      const other = t.data.assignments.find((a) => a.clientId !== clientId)!;
      const ents = await t.query(caller, ENTITIES, {
        r: [ref('Opportunity', mine._id), ref('Opportunity', theirs._id), ref('Assignment', other._id), ref('Client', clientId), ref('Client', theirs.clientId)],
      });
      expect(ids(ents.json.data!._entities)).toEqual([mine._id, null, null, clientId, null]);
      const filtered = await t.query(caller, `query ($c: ID) { opportunities(filter: { clientId: $c }) { totalCount } }`, { c: theirs.clientId });
      expect(filtered.json.data!.opportunities.totalCount).toBe(0);
    });

    it("lets a client see only its own assignments on a shopper's list", async () => {
      const a = t.data.assignments[0]!;
      const { json } = await t.query({ role: 'CLIENT', clientId: a.clientId }, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { assignments(first: 100) { totalCount nodes { id } } } } }`, { r: [ref('Shopper', a.shopperId)] });
      const expected = t.data.assignments.filter((x) => x.shopperId === a.shopperId && x.clientId === a.clientId);
      expect(json.data!._entities[0].assignments.totalCount).toBe(expected.length);
    });

    it('lets a shopper see every opportunity but only their own assignments and deliverables', async () => {
      const shopperId = t.data.deliverables[0]!.shopperId;
      const caller = { role: 'SHOPPER', shopperId };
      const { json } = await t.query(caller, everything);
      expect(json.data!.opportunities.totalCount).toBe(SEED.opportunities);
      expect(json.data!.deliverables.totalCount).toBe(t.data.deliverables.filter((d) => d.shopperId === shopperId).length);
      expect(new Set(json.data!.deliverables.nodes.map((d: { shopper: { id: string } }) => d.shopper.id))).toEqual(new Set([shopperId]));
      const other = t.data.deliverables.find((d) => d.shopperId !== shopperId)!;
      const ents = await t.query(caller, ENTITIES, { r: [ref('Deliverable', other._id), ref('Shopper', other.shopperId), ref('Shopper', shopperId)] });
      expect(ids(ents.json.data!._entities)).toEqual([null, null, shopperId]);
    });

    it.each([[{ role: 'PARTNER', partnerId: 'ptn_1' }], [{ role: 'NOBODY' }], [{ role: 'CLIENT' }]])('shows nothing to %o', async (caller: TestCaller) => {
      const { json } = await t.query(caller, everything);
      expect(json.errors).toBeUndefined();
      expect(json.data).toEqual({ opportunities: { totalCount: 0 }, deliverables: { totalCount: 0, nodes: [] } });
      const r = [ref('Opportunity', t.data.opportunities[0]!._id), ref('Deliverable', t.data.deliverables[0]!._id), ref('Shopper', t.data.shoppers[0]!._id), ref('Client', t.data.clients[0]!._id)];
      const ents = await t.query(caller, ENTITIES, { r });
      expect(ents.json.data!._entities).toEqual([null, null, null, null]);
    });
  });

  describe('caller context', () => {
    it.each([['missing', null], ['malformed', 'x.y.z']])('refuses a %s caller context with 401 and no data', async (_, token) => {
      const { status, json } = await t.query(token, `{ opportunities { totalCount } }`);
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
      expect(json.data).toBeUndefined();
    });

    it('refuses an expired caller context with 401', async () => {
      const { status, json } = await t.query(await t.token(OPS, -5), `{ opportunities { totalCount } }`);
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
    });
  });

  describe('round trips', () => {
    // The batched shape, what a real MongoDB gets: round trips bounded by depth, not list size.
    // (The embedded FerretDB, the project's build on PostgreSQL, gets the pushdown shape, which every
    // other test here runs.)
    let t: SubgraphTestbed;
    beforeAll(async () => {
      t = await startSubgraphTestbed({ start: startOpportunitySubgraph, seed: SEED, queryShape: 'batched' });
    });
    afterAll(async () => t?.stop());

    const shoppersWithDeliverables = () => [...new Set(t.data.deliverables.map((d) => d.shopperId))];

    it('resolves shoppers → assignments → deliverables for 5 or 50 shoppers with the same queries', async () => {
      const run = async (n: number) => {
        const reps = shoppersWithDeliverables().slice(0, n).map((id) => ref('Shopper', id));
        expect(reps).toHaveLength(n);
        const { result, commands } = await t.commandsDuring(() =>
          t.query(OPS, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { assignments(first: 100) { nodes { deliverables { id } } } } } }`, { r: reps }),
        );
        expect(result.json.errors).toBeUndefined();
        const deliverables = result.json.data!._entities.flatMap((s: any) => s.assignments.nodes.flatMap((a: any) => a.deliverables));
        expect(deliverables.length).toBeGreaterThanOrEqual(n);
        return commands;
      };
      const five = await run(5);
      const fifty = await run(50);
      expect(fifty).toEqual(five);
      expect(five).toEqual(['find', 'find']);
    });

    it('resolves opportunities → assignments for 5 or 50 opportunities with the same queries', async () => {
      const run = async (n: number) => {
        const { result, commands } = await t.commandsDuring(() =>
          t.query(OPS, `query ($n: Int) { opportunities(first: $n) { nodes { assignments { totalCount nodes { id } } } } }`, { n }),
        );
        expect(result.json.data!.opportunities.nodes).toHaveLength(n);
        return [...commands].sort();
      };
      const five = await run(5);
      expect(await run(50)).toEqual(five);
      expect(five).toEqual(['aggregate', 'find', 'find']); // page + count, then one $in for all assignments
    });

    it('resolves deliverables → assignment, opportunity with the same queries for 5 or 50', async () => {
      const run = async (n: number) => {
        const { commands } = await t.commandsDuring(() =>
          t.query(OPS, `query ($n: Int) { deliverables(first: $n) { nodes { assignment { id status } opportunity { title assignments(first: 3) { nodes { id } } } } } }`, { n }),
        );
        return [...commands].sort();
      };
      expect(await run(50)).toEqual(await run(5));
    });
  });
});
