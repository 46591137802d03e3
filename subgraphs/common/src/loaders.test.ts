import { describe, expect, it } from 'vitest';
import { createByIdLoader, createChildListLoader, createChildPageLoader } from './index.ts';

interface Child {
  _id: string;
  parentId: string;
  status: string;
}

const children: Child[] = [
  { _id: 'c1', parentId: 'p1', status: 'OPEN' },
  { _id: 'c2', parentId: 'p2', status: 'DONE' },
  { _id: 'c3', parentId: 'p1', status: 'DONE' },
  { _id: 'c4', parentId: 'p1', status: 'OPEN' },
];

describe('createChildPageLoader', () => {
  it('fetches the lists of all parents of one tick with one call per distinct filter', async () => {
    const calls: Array<{ parentIds: readonly string[]; where: Record<string, unknown> }> = [];
    const loader = createChildPageLoader<Child>({
      fetchChildren: async (parentIds, where) => {
        calls.push({ parentIds, where });
        return children.filter((c) => parentIds.includes(c.parentId) && (!where.status || c.status === where.status));
      },
      parentIdOf: (c) => c.parentId,
      order: 'asc',
    });
    const page = { first: 2, afterId: null };
    const [p1, p2, p3, open] = await Promise.all([
      loader.load({ parentId: 'p1', page }),
      loader.load({ parentId: 'p2', page }),
      loader.load({ parentId: 'p3', page }),
      loader.load({ parentId: 'p1', page, where: { status: 'OPEN' } }),
    ]);
    expect(calls).toEqual([
      { parentIds: ['p1', 'p2', 'p3'], where: {} },
      { parentIds: ['p1'], where: { status: 'OPEN' } },
    ]);
    expect(p1).toMatchObject({ nodes: [{ _id: 'c1' }, { _id: 'c3' }], totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(p2).toMatchObject({ nodes: [{ _id: 'c2' }], totalCount: 1, pageInfo: { hasNextPage: false } });
    expect(p3).toMatchObject({ nodes: [], totalCount: 0 });
    expect(open).toMatchObject({ nodes: [{ _id: 'c1' }, { _id: 'c4' }], totalCount: 2 });
  });
});

describe('createChildListLoader', () => {
  it('groups one fetch by parent, ordered by id', async () => {
    let calls = 0;
    const loader = createChildListLoader<Child>(
      async (ids) => {
        calls++;
        return children.filter((c) => ids.includes(c.parentId)).reverse();
      },
      (c) => c.parentId,
    );
    const [p1, p2] = await Promise.all([loader.load('p1'), loader.load('p2')]);
    expect(calls).toBe(1);
    expect(p1.map((c) => c._id)).toEqual(['c1', 'c3', 'c4']);
    expect(p2.map((c) => c._id)).toEqual(['c2']);
  });
});

describe('createByIdLoader', () => {
  it('loads the ids of one tick with one fetch, unknown ones as null', async () => {
    const fetched: Array<readonly string[]> = [];
    const loader = createByIdLoader<Child>(async (ids) => {
      fetched.push(ids);
      return children.filter((c) => ids.includes(c._id));
    });
    expect(await Promise.all([loader.load('c2'), loader.load('nope'), loader.load('c1')])).toEqual([children[1], null, children[0]]);
    expect(fetched).toEqual([['c2', 'nope', 'c1']]);
  });
});
