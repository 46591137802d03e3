import mongoose, { type mongo } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasGo, startFerretDb, type FerretDbProcess } from './ferretDb.ts';
import { findPostgres, startPostgres, type PostgresProcess } from './postgres.ts';

// The project's FerretDB patch (tools/ferretdb/pushdown.patch) against FerretDB's own semantics:
// the same queries, through the MongoDB driver, on the patched FerretDB and on the same build
// with nothing pushed down (--test-disable-pushdown: every filter, sort and limit applied by
// FerretDB's handler alone), both on one PostgreSQL database.

// The driver mongoose brings (no dependency of its own).
const { Double, Long, MongoClient, ObjectId } = mongoose.mongo;
const { EJSON } = mongoose.mongo.BSON;
// Documents and filters with _ids of any type (the driver's own types say ObjectId).
type Document = { _id?: unknown; [key: string]: unknown };
type Query = Record<string, unknown>;
type MongoClient = mongo.MongoClient;

const oid = new ObjectId('65a000000000000000000001');
const DOCS: Document[] = [
  { _id: 'a', k: 'x', n: 1, address: { region: 'CA' } },
  { _id: 'B', k: ['x', 'y'], n: new Double(1), address: [{ region: 'NY' }, { region: 'CA' }] },
  { _id: 'b', k: null, n: Long.fromNumber(1), address: { region: ['CA', 'OR'] } },
  { _id: 'é', n: [1, 2], address: 'CA' },
  { _id: 'z10', k: 5, n: '1', address: null },
  { _id: 'z9', k: ['y', 'x'], n: 2, address: [{ region: ['NY', 'CA'] }, { city: 'SF' }] }, // (FerretDB 1.x stores no nested arrays)
  { _id: 'z', k: { x: 1 }, address: { region: { x: 1 } }, a: [{ b: [{ c: 'v' }] }] },
  { _id: 'y', k: 'y', a: { b: { c: 'v' } }, address: { city: 'LA' } },
  { _id: 1, k: 'x', n: 1.5, address: { region: 'NY' } },
  { _id: 2.5, k: 'y', a: { b: [{ c: 'v' }, { c: 'w' }] } },
  { _id: oid, k: 'x', address: [{ region: 'OR' }] },
  { _id: new Date('2024-01-01T00:00:00Z'), k: 'z' },
  { _id: { x: 1 }, k: 'x', address: { region: 'CA' } },
  { _id: null, k: 'y' },
  ...Array.from({ length: 40 }, (_, i) => ({ _id: `s${String(i).padStart(2, '0')}`, k: i % 2 ? 'x' : 'y', address: { region: i % 3 ? 'CA' : 'NY' } })),
];

/** Filters whose pushdown the patch adds (or must hold back), each with whether it is pushed down. */
const FILTERS: Array<[Query, boolean]> = [
  [{ k: 'x' }, true],
  [{ k: { $in: ['x', 'y'] } }, true],
  [{ k: { $in: ['x', null] } }, false],
  [{ k: { $in: [5, 'x'] } }, true],
  [{ k: { $in: [/x/] } }, false],
  [{ n: { $in: [1, 2] } }, true],
  [{ n: { $in: [new Long(1), new Double(1.5)] } }, true],
  [{ _id: { $in: ['a', 1, oid, 'nope'] } }, true],
  [{ _id: { $in: ['a', { x: 1 }] } }, false],
  [{ 'address.region': 'CA' }, true],
  [{ 'address.region': { $eq: 'NY' } }, true],
  [{ 'address.region': { $in: ['NY', 'OR'] } }, true],
  [{ 'a.b.c': 'v' }, true],
  [{ 'address.region': { $ne: 'CA' } }, false],
  [{ k: { $ne: 'x' } }, true],
  [{ $or: [{ k: 'z' }, { 'address.region': 'OR' }] }, true],
  [{ $or: [{ k: 'z' }, { n: { $gt: 1 } }] }, false],
  [{ $and: [{ k: { $in: ['x', 'y'] } }, { _id: { $in: ['a', 'B', 'y', 1, 's01', 's02'] } }] }, true],
  [{ k: 'x', $or: [{ 'address.region': 'CA' }, { _id: { $in: [1, 's03'] } }] }, true],
  [{ $and: [{ k: 'x' }, { k: { $in: ['y'] } }] }, true],
];

/**
 * A second collection for pages of a flat string-equality filter, whose sort, limit and count
 * the patch hands PostgreSQL in an exact form: the value as a string, inside an array, as an
 * ObjectId spelled alike, in another case, as a document; the field missing or null; mixed-type
 * `_id`s among the matches; a second filtered field that is sometimes an array or missing.
 */
const hex = '65a000000000000000000002';
const PAGE_DOCS: Document[] = [
  ...Array.from({ length: 30 }, (_, i) => ({ _id: `p${String(i).padStart(2, '0')}`, c: i % 3 ? 'c1' : 'c2', s: i % 4 ? 'open' : 'done' })),
  { _id: 'p05a', c: ['c2', 'c1'], s: 'open' },
  { _id: 'a-first', c: ['c1'], s: ['done', 'open'] },
  { _id: 'zz-last', c: ['x', 'c1'] },
  { _id: 'p07a', c: ['c3'], s: 'open' },
  { _id: 'P08', c: 'C1', s: 'open' },
  { _id: 'p09a', c: { x: 'c1' }, s: 'open' },
  { _id: 'p10a', c: null, s: 'open' },
  { _id: 'p11a', s: 'open' },
  { _id: 'p12a', c: new ObjectId(hex), s: 'open' },
  { _id: 'p13a', c: hex, s: 'open' },
  { _id: 'é', c: 'c1', s: 'open' },
  { _id: 7, c: 'c1', s: 'open' },
  { _id: new ObjectId('65a000000000000000000003'), c: 'c1' },
  { _id: new Date('2024-01-01T00:00:00Z'), c: ['c1'], s: 'open' },
  { _id: { y: 1 }, c: 'c1', s: 'open' },
];
const PAGE_FILTERS: Query[] = [{ c: 'c1' }, { c: 'c1', s: 'open' }, { s: 'open', c: 'c2' }, { c: hex }, { c: 'C1' }, { _id: 'p03' }, { c: 'none' }];

/** A document as text (type-exact), for comparing answers. */
const text = (docs: mongo.Document[]) => docs.map((d) => EJSON.stringify(d, { relaxed: false }));

describe.skipIf(!hasGo() || !findPostgres())('FerretDB with the project pushdown patch', () => {
  let postgres: PostgresProcess;
  let patched: FerretDbProcess;
  let oracle: FerretDbProcess;
  let patchedClient: MongoClient;
  let oracleClient: MongoClient;
  const things = (client: MongoClient) => client.db('pushdown').collection<mongo.Document>('things');
  const find = (client: MongoClient, filter: Query) => things(client).find(filter as mongo.Filter<mongo.Document>);
  const pages = (client: MongoClient) => client.db('pushdown').collection<mongo.Document>('pages');
  const count = (client: MongoClient, filter: Query) => things(client).countDocuments(filter as mongo.Filter<mongo.Document>);

  beforeAll(async () => {
    postgres = await startPostgres();
    patched = await startFerretDb({ postgresqlUrl: postgres.url });
    patchedClient = await MongoClient.connect(patched.uri);
    await things(patchedClient).createIndex({ k: 1 });
    await things(patchedClient).createIndex({ 'address.region': 1 });
    await things(patchedClient).insertMany(DOCS as mongo.Document[]);
    await pages(patchedClient).createIndex({ c: 1, _id: 1 });
    await pages(patchedClient).insertMany(PAGE_DOCS as mongo.Document[]);
    // Started once the data is there, so its view of the collections is fresh.
    oracle = await startFerretDb({ postgresqlUrl: postgres.url, disablePushdown: true });
    oracleClient = await MongoClient.connect(oracle.uri);
  }, 120_000);
  afterAll(async () => {
    await patchedClient?.close();
    await oracleClient?.close();
    await patched?.stop();
    await oracle?.stop();
    await postgres?.stop();
  });

  it.each(FILTERS.map(([filter, pushed]) => [EJSON.stringify(filter), filter, pushed] as const))(
    'finds and counts what FerretDB alone finds for %s, and pushes it down when it can',
    async (_name, filter, pushed) => {
      const expected = await find(oracleClient, filter).sort({ _id: 1 }).toArray();
      const found = await find(patchedClient, filter).sort({ _id: 1 }).toArray();
      expect(text(found)).toEqual(text(expected));
      expect(await count(patchedClient, filter)).toBe(expected.length);
      const plan = await find(patchedClient, filter).explain();
      expect(plan.filterPushdown).toBe(pushed);
      expect((await find(oracleClient, filter).explain()).filterPushdown).toBe(false);
    },
  );

  it('matches at least one document with each filter the patch pushes down, so the comparison means something', async () => {
    for (const [filter] of FILTERS.filter(([, pushed]) => pushed)) {
      expect(await count(oracleClient, filter), EJSON.stringify(filter)).toBeGreaterThan(0);
    }
  });

  it.each([1, 3, 10, 20, 60].flatMap((limit) => [[limit, 1], [limit, -1]] as const))(
    'gives the first %i documents by _id (order %i) of mixed-type _ids as FerretDB alone does',
    async (limit, order) => {
      const expected = await things(oracleClient).find({}).sort({ _id: order }).limit(limit).toArray();
      const found = await things(patchedClient).find({}).sort({ _id: order }).limit(limit).toArray();
      expect(text(found)).toEqual(text(expected));
      expect(found).toHaveLength(Math.min(limit, DOCS.length));
    },
  );

  it.each(PAGE_FILTERS.flatMap((filter) => [1, 3, 10, 40].flatMap((limit) => [[EJSON.stringify(filter), limit, 1, filter], [EJSON.stringify(filter), limit, -1, filter]] as const)))(
    'gives the first documents by _id matching %s (limit %i, order %i) as FerretDB alone does',
    async (_name, limit, order, filter) => {
      const page = (client: MongoClient) => pages(client).find(filter as mongo.Filter<mongo.Document>).sort({ _id: order }).limit(limit).toArray();
      const expected = await page(oracleClient);
      expect(text(await page(patchedClient))).toEqual(text(expected));
      expect(expected.length).toBe(Math.min(limit, await pages(oracleClient).countDocuments(filter as mongo.Filter<mongo.Document>)));
    },
  );

  it.each(PAGE_FILTERS.map((filter) => [EJSON.stringify(filter), filter] as const))(
    'counts the documents matching %s as FerretDB alone does',
    async (_name, filter) => {
      const command = (client: MongoClient) => client.db('pushdown').command({ count: 'pages', query: filter });
      const expected = await command(oracleClient);
      expect(await command(patchedClient)).toEqual(expected);
      expect(expected.n).toBe(await pages(oracleClient).countDocuments(filter as mongo.Filter<mongo.Document>));
    },
  );

  it('finds matches both as plain strings and inside arrays for the exact page filters, so the comparison means something', async () => {
    expect(await pages(oracleClient).countDocuments({ c: 'c1' })).toBe(20 + 4 + 4); // p.. strings, other _ids, arrays
    expect(await pages(oracleClient).countDocuments({ c: 'c1', s: 'open' })).toBeGreaterThan(10);
    expect(await pages(oracleClient).countDocuments({ c: hex })).toBe(1);
  });

  it('counts a whole collection, and with a skip and limit, as FerretDB alone does', async () => {
    const command = (client: MongoClient, options: mongo.Document = {}) => client.db('pushdown').command({ count: 'things', ...options });
    expect((await command(patchedClient)).n).toBe(DOCS.length);
    expect(await command(patchedClient, { skip: 5, limit: 30 })).toEqual(await command(oracleClient, { skip: 5, limit: 30 }));
    expect(await command(patchedClient, { query: { k: 'x' } })).toEqual(await command(oracleClient, { query: { k: 'x' } }));
  });

  it('says in buildInfo that it pushes down more than upstream', async () => {
    const info = await patchedClient.db('admin').command({ buildInfo: 1 });
    expect(info.ferretdbVersion).toMatch(/^v1\.24\.2-confero-pushdown\.[0-9a-f]{10}$/);
    expect(info.ferretdbFeatures.conferoPushdown).toBe(true);
    expect(info.ferretdbFeatures.conferoExactPages).toBe(true);
  });
});
