import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@confero/subgraph-common';
import { startSubgraphTestbed, type SubgraphTestbed } from '@confero/testing';
import { startShopperSubgraph } from './index.ts';

// The shopper subgraph over real HTTP, a real signed caller context and an embedded FerretDB.
const OPS = { role: 'OPERATIONS' };
const SEED = { shoppers: 300, clients: 6, opportunities: 60, assignments: 400, deliverables: 60 };

const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);

describe('shopper subgraph', () => {
  let t: SubgraphTestbed;
  beforeAll(async () => {
    t = await startSubgraphTestbed({ start: startShopperSubgraph, seed: SEED });
  });
  afterAll(async () => t?.stop());

  describe('Query.shoppers', () => {
    it('pages through every shopper in id order, with cursors, hasNextPage and the total count', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const { json } = await t.query(
          OPS,
          `query ($after: String) { shoppers(first: 70, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { id } } }`,
          { after },
        );
        expect(json.errors).toBeUndefined();
        const conn = json.data!.shoppers;
        expect(conn.totalCount).toBe(SEED.shoppers);
        seen.push(...ids(conn.nodes));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual(t.data.shoppers.map((s) => s._id).sort());
    });

    it('returns 20 shoppers when first is not given', async () => {
      const { json } = await t.query(OPS, `{ shoppers { nodes { id } pageInfo { endCursor } } }`);
      expect(json.data!.shoppers.nodes).toHaveLength(20);
      expect(json.data!.shoppers.pageInfo.endCursor).toBe(encodeCursor(t.data.shoppers[19]!._id));
    });

    it('filters by status and region', async () => {
      const region = t.data.shoppers[0]!.address!.region;
      const { json } = await t.query(
        OPS,
        `query ($region: String) { shoppers(first: 100, filter: { status: ACTIVE, region: $region }) { totalCount nodes { id status address { region } } } }`,
        { region },
      );
      const expected = t.data.shoppers.filter((s) => s.status === 'ACTIVE' && s.address!.region === region).map((s) => s._id);
      expect(json.data!.shoppers.totalCount).toBe(expected.length);
      expect(ids(json.data!.shoppers.nodes)).toEqual(expected.slice(0, 100));
    });

    it.each([[0], [-1], [101]])('refuses first: %i with PAGE_SIZE_OUT_OF_RANGE', async (first) => {
      const { json } = await t.query(OPS, `query ($n: Int) { shoppers(first: $n) { nodes { id } } }`, { n: first });
      expect(json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
      expect(json.errors?.[0]?.message).toMatch(/between 1 and 100/);
      expect(json.data).toBeNull();
    });

    it.each([['%%%'], ['not-a-cursor'], [encodeCursor('opp_000001')]])('refuses the cursor %s with INVALID_CURSOR', async (after) => {
      const { json } = await t.query(OPS, `query ($a: String) { shoppers(first: 2, after: $a) { nodes { id } } }`, { a: after });
      expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    });
  });

  describe('Query.shopper', () => {
    it('returns the stored shopper, with name derived and timestamps as ISO strings', async () => {
      const s = t.data.shoppers[7]!;
      const { json } = await t.query(
        OPS,
        `query ($id: ID!) { shopper(id: $id) {
          id status policyVersion createdAt consents { shareContactWithPartners marketingEmails }
          firstName lastName name alias email phone address { street city region postalCode country }
          dateOfBirth ssn driversLicense passportNumber taxId bankAccount { bankName routingNumber accountNumber }
          signatureRef education { institution degree year } employment { employer title startYear endYear }
          jobHistory { employer title startYear endYear } competitorAffiliations gender raceEthnicity maritalStatus
          veteranStatus disability homeLocation { lat lng } ipAddresses
          webActivity { at ipAddress domain device browser page } rating evaluations { date score comment }
        } }`,
        { id: s._id },
      );
      expect(json.errors).toBeUndefined();
      const { _id, createdAt, webActivity, ...rest } = s;
      expect(json.data!.shopper).toEqual({
        ...JSON.parse(JSON.stringify(rest)),
        id: _id,
        createdAt: createdAt.toISOString(),
        name: `${s.firstName} ${s.lastName}`,
        webActivity: webActivity!.map((v) => ({ ...v, at: v.at.toISOString() })),
      });
    });

    it('returns null, without an error, for an unknown id', async () => {
      const { json } = await t.query(OPS, `{ shopper(id: "shp_999999") { id } other: shopper(id: "x") { id } }`);
      expect(json.errors).toBeUndefined();
      expect(json.data).toEqual({ shopper: null, other: null });
    });
  });

  describe('_entities', () => {
    it('resolves Shopper references in order, an unknown one as null', async () => {
      const reps = [t.data.shoppers[3]!, t.data.shoppers[1]!].map((s) => ({ __typename: 'Shopper', id: s._id }));
      const { json } = await t.query(
        OPS,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { id email } } }`,
        { r: [...reps, { __typename: 'Shopper', id: 'shp_999999' }] },
      );
      expect(json.errors).toBeUndefined();
      expect(json.data!._entities).toEqual([
        { id: t.data.shoppers[3]!._id, email: t.data.shoppers[3]!.email },
        { id: t.data.shoppers[1]!._id, email: t.data.shoppers[1]!.email },
        null,
      ]);
    });
  });

  describe('when a representation is malformed', () => {
    it('resolves it to null instead of querying with it', async () => {
      const { json } = await t.query(
        OPS,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { id } ... on Opportunity { id eligibleShoppers { id } } } }`,
        {
          r: [
            { __typename: 'Shopper', id: { $ne: null } },
            { __typename: 'Opportunity', id: 'opp_1', store: { location: { lat: '41.8', lng: -87.6 } }, requirements: { minRating: 3, maxDistanceKm: 10 }, client: { competitors: [] } },
            { __typename: 'Opportunity', id: 'opp_2', store: { location: { lat: 41.8, lng: -87.6 } }, requirements: { minRating: 3, maxDistanceKm: 10 }, client: { competitors: { $ne: 1 } } },
          ],
        },
      );
      expect(json.errors).toBeUndefined();
      expect(json.data!._entities).toEqual([null, { id: 'opp_1', eligibleShoppers: null }, { id: 'opp_2', eligibleShoppers: null }]);
    });
  });

  describe('record scope', () => {
    const everyone = `query ($r: [_Any!]!) {
      shoppers(first: 100) { totalCount nodes { id } }
      _entities(representations: $r) { ... on Shopper { id } }
    }`;
    const allReps = () => t.data.shoppers.slice(0, 100).map((s) => ({ __typename: 'Shopper', id: s._id }));

    it('lets a client reach only shoppers with an assignment for that client', async () => {
      const clientId = t.data.clients[1]!._id;
      const expected = [...new Set(t.data.assignments.filter((a) => a.clientId === clientId).map((a) => a.shopperId))].sort();
      expect(expected.length).toBeGreaterThan(0);
      const { json } = await t.query({ role: 'CLIENT', clientId }, everyone, { r: allReps() });
      expect(json.errors).toBeUndefined();
      expect(json.data!.shoppers.totalCount).toBe(expected.length);
      expect(ids(json.data!.shoppers.nodes)).toEqual(expected.slice(0, 100));
      const entities = json.data!._entities as Array<{ id: string } | null>;
      entities.forEach((e, i) => expect(e?.id ?? null).toBe(expected.includes(allReps()[i]!.id) ? allReps()[i]!.id : null));
    });

    it('lets a shopper reach only their own record', async () => {
      const me = t.data.shoppers[5]!._id;
      const { json } = await t.query({ role: 'SHOPPER', shopperId: me }, everyone, { r: allReps() });
      expect(json.data!.shoppers).toEqual({ totalCount: 1, nodes: [{ id: me }] });
      expect((json.data!._entities as unknown[]).filter((e) => e !== null)).toEqual([{ id: me }]);
    });

    it('lets a partner reach every shopper', async () => {
      const { json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, everyone, { r: allReps() });
      expect(json.data!.shoppers.totalCount).toBe(SEED.shoppers);
      expect((json.data!._entities as unknown[]).every((e) => e !== null)).toBe(true);
    });

    it.each([['NOBODY'], ['SOME_UNKNOWN_ROLE']])('shows nothing to the role %s (scope none)', async (role) => {
      const { json } = await t.query({ role }, everyone, { r: allReps() });
      expect(json.errors).toBeUndefined();
      expect(json.data!.shoppers).toEqual({ totalCount: 0, nodes: [] });
      expect((json.data!._entities as unknown[]).every((e) => e === null)).toBe(true);
    });

    it('shows nothing to a client or shopper caller that carries no id', async () => {
      for (const role of ['CLIENT', 'SHOPPER']) {
        const { json } = await t.query({ role }, everyone, { r: allReps() });
        expect(json.data!.shoppers.totalCount).toBe(0);
      }
    });
  });

  describe('caller context', () => {
    const query = `{ shoppers(first: 1) { nodes { id email } } }`;
    const refused = async (caller: string | null) => {
      const { status, json, body } = await t.query(caller, query);
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
      expect(json.data).toBeUndefined();
      expect(body).not.toContain(t.data.shoppers[0]!.email!);
    };

    it('refuses a request without a caller context with 401', async () => refused(null));
    it('refuses a caller context signed with another secret with 401', async () => {
      const forged = await new SignJWT({ role: 'OPERATIONS', rid: 'r1' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer('confero-gateway')
        .setAudience('confero-subgraph')
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
      await refused(forged);
    });
    it('refuses an expired caller context with 401', async () => refused(await t.token(OPS, -30)));
    it('refuses a malformed caller context with 401', async () => refused('garbage.token.value'));
  });

  describe('round trips', () => {
    // The batched shape, what a real MongoDB gets: round trips bounded by depth, not list size.
    // (The embedded FerretDB, the project's build on PostgreSQL, gets the pushdown shape, which every
    // other test here runs.)
    let t: SubgraphTestbed;
    beforeAll(async () => {
      t = await startSubgraphTestbed({ start: startShopperSubgraph, seed: SEED, queryShape: 'batched' });
    });
    afterAll(async () => t?.stop());

    const countFor = async (caller: Parameters<SubgraphTestbed['query']>[0], n: number) => {
      const reps = t.data.shoppers.slice(0, n).map((s) => ({ __typename: 'Shopper', id: s._id }));
      const { result, commands } = await t.commandsDuring(() =>
        t.query(caller, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { id name } } }`, { r: reps }),
      );
      expect(result.json.errors).toBeUndefined();
      return commands;
    };

    it('loads 5 or 50 shopper references with the same single query', async () => {
      const five = await countFor(OPS, 5);
      const fifty = await countFor(OPS, 50);
      expect(fifty).toEqual(five);
      expect(five).toEqual(['find']);
    });

    it('checks a client scope with one distinct over assignments, however many shoppers', async () => {
      const caller = { role: 'CLIENT', clientId: t.data.clients[0]!._id };
      const five = await countFor(caller, 5);
      expect(await countFor(caller, 50)).toEqual(five);
      expect([...five].sort()).toEqual(['distinct', 'find']);
    });

    it('checks eligibility for 5 or 50 opportunities with the same number of queries', async () => {
      const run = async (n: number) => {
        const reps = t.data.opportunities.slice(0, n).map((o) => ({
          __typename: 'Opportunity',
          id: o._id,
          store: { location: o.store.location },
          requirements: { minRating: o.requirements.minRating, maxDistanceKm: o.requirements.maxDistanceKm },
          client: { competitors: [] },
        }));
        const { commands } = await t.commandsDuring(() =>
          t.query(OPS, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Opportunity { eligibleShoppers(first: 5) { id email } } } }`, { r: reps }),
        );
        return commands;
      };
      const five = await run(5);
      expect(await run(50)).toEqual(five);
      expect(five.length).toBeLessThanOrEqual(2);
    });
  });

  describe('round trips in the per-key shape (an unpatched FerretDB 1.x)', () => {
    let perKey: SubgraphTestbed;
    beforeAll(async () => {
      perKey = await startSubgraphTestbed({ start: startShopperSubgraph, seed: SEED, queryShape: 'per-key' });
    });
    afterAll(async () => perKey?.stop());

    it('loads shopper references with one equality query each, the same answers as batched', async () => {
      const reps = perKey.data.shoppers.slice(0, 30).map((s) => ({ __typename: 'Shopper', id: s._id }));
      const { result, commands } = await perKey.commandsDuring(() =>
        perKey.query(OPS, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Shopper { id name } } }`, { r: reps }),
      );
      expect(result.json.errors).toBeUndefined();
      expect(commands).toEqual(reps.map(() => 'find'));
      expect(result.json.data?._entities.map((s: { id: string }) => s.id)).toEqual(reps.map((r) => r.id));
    });
  });
});
