import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@confero/subgraph-common';
import { startSubgraphTestbed, type SubgraphTestbed, type TestCaller } from '@confero/testing';
import { startClientSubgraph } from './index.ts';

// The client subgraph over real HTTP, a real signed caller context and an embedded FerretDB.
const OPS = { role: 'OPERATIONS' };
const SEED = { shoppers: 10, clients: 60, opportunities: 20, assignments: 20, deliverables: 5 };

const ids = (nodes: Array<{ id: string } | null>) => nodes.map((n) => n?.id ?? null);
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id name } } }`;

describe('client subgraph', () => {
  let t: SubgraphTestbed;
  beforeAll(async () => {
    t = await startSubgraphTestbed({ start: startClientSubgraph, seed: SEED });
  });
  afterAll(async () => t?.stop());
  const refs = (clientIds: string[]) => clientIds.map((id) => ({ __typename: 'Client', id }));
  const all = () => t.data.clients.map((c) => c._id);

  describe('Query.clients', () => {
    it('pages through every client in id order with the total count', async () => {
      const page1 = await t.query(OPS, `{ clients(first: 40) { totalCount pageInfo { endCursor hasNextPage } nodes { id } } }`);
      const c1 = page1.json.data!.clients;
      expect(c1.totalCount).toBe(SEED.clients);
      expect(c1.pageInfo.hasNextPage).toBe(true);
      const page2 = await t.query(OPS, `query ($a: String) { clients(first: 40, after: $a) { pageInfo { hasNextPage endCursor } nodes { id } } }`, { a: c1.pageInfo.endCursor });
      const c2 = page2.json.data!.clients;
      expect(c2.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(t.data.clients.at(-1)!._id) });
      expect([...ids(c1.nodes), ...ids(c2.nodes)]).toEqual(t.data.clients.map((c) => c._id).sort());
    });

    it('filters by industry', async () => {
      const industry = t.data.clients[3]!.industry;
      const { json } = await t.query(OPS, `query ($i: String) { clients(first: 100, industry: $i) { totalCount nodes { id industry } } }`, { i: industry });
      const expected = t.data.clients.filter((c) => c.industry === industry);
      expect(json.data!.clients.totalCount).toBe(expected.length);
      expect(json.data!.clients.nodes).toEqual(expected.map((c) => ({ id: c._id, industry })));
    });

    it.each([[0], [-1], [101]])('refuses first: %i with PAGE_SIZE_OUT_OF_RANGE', async (n) => {
      const { json } = await t.query(OPS, `query ($n: Int) { clients(first: $n) { nodes { id } } }`, { n });
      expect(json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    });

    it('refuses a malformed cursor with INVALID_CURSOR', async () => {
      const { json } = await t.query(OPS, `{ clients(after: "%%%") { nodes { id } } }`);
      expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    });
  });

  describe('Query.client', () => {
    it('returns the stored client with its competitors and contacts', async () => {
      const c = t.data.clients[5]!;
      const { json } = await t.query(OPS, `query ($id: ID!) { client(id: $id) { id name industry competitors createdAt contacts { name title email phone } } }`, { id: c._id });
      expect(json.errors).toBeUndefined();
      expect(json.data!.client).toEqual({
        id: c._id, name: c.name, industry: c.industry, competitors: c.competitors,
        createdAt: c.createdAt.toISOString(), contacts: c.contacts,
      });
    });

    it('returns null, without an error, for an unknown id', async () => {
      const { json } = await t.query(OPS, `{ client(id: "cli_9999") { id } }`);
      expect(json).toEqual({ data: { client: null } });
    });
  });

  describe('_entities', () => {
    it('resolves Client references in order, an unknown one as null', async () => {
      const [a, b] = [t.data.clients[9]!, t.data.clients[2]!];
      const { json } = await t.query(OPS, ENTITIES, { r: refs([a._id, 'cli_9999', b._id]) });
      expect(json.data!._entities).toEqual([{ id: a._id, name: a.name }, null, { id: b._id, name: b.name }]);
    });
  });

  describe('record scope', () => {
    const reach = async (caller: TestCaller) => {
      const list = await t.query(caller, `{ clients(first: 100) { totalCount nodes { id } } }`);
      const ents = await t.query(caller, ENTITIES, { r: refs(all()) });
      expect(list.json.errors).toBeUndefined();
      return { listed: ids(list.json.data!.clients.nodes), total: list.json.data!.clients.totalCount, resolved: ids(ents.json.data!._entities).filter(Boolean) };
    };

    it('lets a client reach only itself', async () => {
      const me = t.data.clients[7]!._id;
      expect(await reach({ role: 'CLIENT', clientId: me })).toEqual({ listed: [me], total: 1, resolved: [me] });
      const { json } = await t.query({ role: 'CLIENT', clientId: me }, `query ($id: ID!) { client(id: $id) { id } }`, { id: t.data.clients[8]!._id });
      expect(json.data!.client).toBeNull();
    });

    it('lets a shopper reach every client (the companies behind public opportunities)', async () => {
      expect((await reach({ role: 'SHOPPER', shopperId: t.data.shoppers[0]!._id })).total).toBe(SEED.clients);
    });

    it.each([[{ role: 'PARTNER', partnerId: 'ptn_1' }], [{ role: 'NOBODY' }], [{ role: 'CLIENT' }]])('shows nothing to %o', async (caller: TestCaller) => {
      expect(await reach(caller)).toEqual({ listed: [], total: 0, resolved: [] });
    });
  });

  describe('caller context', () => {
    it.each([['missing', null], ['malformed', 'a.b.c']])('refuses a %s caller context with 401 and no data', async (_, token) => {
      const { status, json } = await t.query(token, `{ clients { totalCount } }`);
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
      expect(json.data).toBeUndefined();
    });

    it('refuses an expired caller context with 401', async () => {
      const { status } = await t.query(await t.token(OPS, -5), `{ clients { totalCount } }`);
      expect(status).toBe(401);
    });
  });

  describe('round trips', () => {
    // The batched shape, what a real MongoDB gets: round trips bounded by depth, not list size.
    // (The embedded FerretDB, the project's build on PostgreSQL, gets the pushdown shape, which every
    // other test here runs.)
    let t: SubgraphTestbed;
    beforeAll(async () => {
      t = await startSubgraphTestbed({ start: startClientSubgraph, seed: SEED, queryShape: 'batched' });
    });
    afterAll(async () => t?.stop());

    it('resolves 5 or 50 client references with one query', async () => {
      const run = async (n: number) => (await t.commandsDuring(() => t.query(OPS, ENTITIES, { r: refs(all().slice(0, n)) }))).commands;
      const five = await run(5);
      expect(await run(50)).toEqual(five);
      expect(five).toEqual(['find']);
    });
  });
});
