import { startDatabase, type RunningDatabase } from '@confero/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findByIds, findByParents, findPage } from './findPage.ts';
import { detectQueryShape, queryShapeOf, shapeFor, type QueryShape } from './queryShape.ts';

const SHAPES: QueryShape[] = ['batched', 'per-key', 'pushdown'];

describe('shapeFor', () => {
  it('reads FerretDB 1.x per key, the project\'s build of it on PostgreSQL with pushdown, and anything else batched', () => {
    expect(shapeFor({ version: '7.0.77', ferretdbVersion: 'v1.24.2' })).toMatchObject({ shape: 'per-key', engine: 'FerretDB v1.24.2' });
    const patched = { version: '7.0.77', ferretdbVersion: 'v1.24.2-confero-pushdown.0123456789' };
    expect(shapeFor({ ...patched, ferretdbFeatures: { conferoPushdown: true } })).toMatchObject({ shape: 'pushdown', engine: `FerretDB ${patched.ferretdbVersion}`, exactPages: false });
    expect(shapeFor({ ...patched, ferretdbFeatures: { conferoPushdown: true, conferoExactPages: true } })).toMatchObject({ shape: 'pushdown', exactPages: true });
    // The same build on SQLite pushes down no more than upstream.
    expect(shapeFor({ ...patched, ferretdbFeatures: { conferoPushdown: false } })).toMatchObject({ shape: 'per-key' });
    expect(shapeFor({ version: '8.0.4' })).toMatchObject({ shape: 'batched', engine: 'MongoDB 8.0.4' });
    expect(shapeFor({ version: '7.0.0', ferretdbVersion: 'v2.1.0' })).toMatchObject({ shape: 'batched' });
  });

  it('takes QUERY_SHAPE over the engine, and refuses an unknown one', () => {
    expect(shapeFor({ ferretdbVersion: 'v1.24.2' }, 'batched')).toMatchObject({ shape: 'batched', engine: 'FerretDB v1.24.2' });
    expect(() => shapeFor({ version: '8.0.4' }, 'fast')).toThrow(/QUERY_SHAPE/);
  });
});

interface Row {
  _id: string;
  parentId: string;
  tags: string[];
  status: string;
}

const ROWS: Row[] = Array.from({ length: 30 }, (_, i) => ({
  _id: `r${String(i).padStart(2, '0')}`,
  parentId: `p${i % 4}`,
  tags: [`t${i % 3}`, `t${(i + 1) % 3}`],
  status: i % 5 === 0 ? 'DONE' : 'OPEN',
}));

describe('findPage, findByIds and findByParents', () => {
  let db: RunningDatabase;
  const connections: Record<QueryShape, Connection> = {} as never;
  beforeAll(async () => {
    db = await startDatabase();
    for (const shape of SHAPES) {
      const connection = await mongoose.createConnection(db.uri).asPromise();
      const saved = process.env.QUERY_SHAPE;
      process.env.QUERY_SHAPE = shape;
      await detectQueryShape(connection).finally(() => (process.env.QUERY_SHAPE = saved ?? ''));
      connections[shape] = connection;
    }
    await connections.batched.collection('rows').insertMany(ROWS as never[]);
  });
  afterAll(async () => {
    for (const c of Object.values(connections)) await c.close();
    await db?.stop();
  });
  const model = (shape: QueryShape) =>
    connections[shape].models.Row ?? connections[shape].model<Row>('Row', new mongoose.Schema<Row>({ _id: String, parentId: String, tags: [String], status: String }), 'rows');

  it('uses the shape detected for its connection', () => {
    expect(queryShapeOf(connections.batched)).toBe('batched');
    expect(queryShapeOf(connections['per-key'])).toBe('per-key');
    expect(queryShapeOf(connections.pushdown)).toBe('pushdown');
  });

  it('answers alike in every shape: pages in both orders with a cursor, ids under a scope, parents with a filter, keys in arrays', async () => {
    const ask = async (shape: QueryShape) => {
      const Row = model(shape);
      return {
        firstPage: await findPage(Row, { status: 'OPEN' }, { first: 5, afterId: null }, 'asc'),
        afterCursor: await findPage(Row, { status: 'OPEN' }, { first: 5, afterId: 'r12' }, 'desc'),
        none: await findPage(Row, null, { first: 5, afterId: null }, 'asc'),
        wholeCollection: await findPage(Row, {}, { first: 4, afterId: 'r10' }, 'desc'),
        firstOfWholeCollection: await findPage(Row, {}, { first: 3, afterId: null }, 'desc'),
        // A flat string equality on two fields, one of them an array field (a value inside it matches).
        firstOfTwoEqualities: await findPage(Row, { parentId: 'p1', tags: 't2' }, { first: 3, afterId: null }, 'desc'),
        byIds: (await findByIds(Row, ['r03', 'r04', 'r04', 'nope', 'r09'], { _id: { $in: ['r03', 'r09', 'r20'] } })).map((r) => r._id).sort(),
        byParents: (await findByParents(Row, 'parentId', ['p1', 'p2'], { status: 'OPEN' })).map((r) => r._id).sort(),
        byTags: (await findByParents(Row, 'tags', ['t0', 't1'], {}, { parentId: 'p0' })).map((r) => r._id).sort(),
        // More keys than one per-key batch sends: one $in query.
        manyIds: (await findByIds(Row, Array.from({ length: 150 }, (_, i) => `r${String(i).padStart(2, '0')}`), {})).length,
      };
    };
    const [batched, perKey, pushdown] = [await ask('batched'), await ask('per-key'), await ask('pushdown')];
    expect(perKey).toEqual(batched);
    expect(pushdown).toEqual(batched);
    expect(batched.firstOfWholeCollection).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: true } });
    expect(batched.firstOfWholeCollection.nodes.map((r) => r._id)).toEqual(['r29', 'r28', 'r27']);
    expect(batched.firstPage.totalCount).toBe(24);
    expect(batched.firstOfTwoEqualities).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: true } });
    expect(batched.firstOfTwoEqualities.nodes.map((r) => r._id)).toEqual(['r29', 'r25', 'r17']);
    expect(batched.firstPage.nodes.map((r) => r._id)).toEqual(['r01', 'r02', 'r03', 'r04', 'r06']);
    expect(batched.afterCursor.nodes.map((r) => r._id)).toEqual(['r11', 'r09', 'r08', 'r07', 'r06']);
    expect(batched.byIds).toEqual(['r03', 'r09']);
    expect(batched.wholeCollection).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: true } });
    expect(batched.wholeCollection.nodes.map((r) => r._id)).toEqual(['r09', 'r08', 'r07', 'r06']);
    expect(batched.manyIds).toBe(30);
    expect(batched.byTags).toEqual(['r00', 'r04', 'r08', 'r12', 'r16', 'r20', 'r24', 'r28']);
  });
});
