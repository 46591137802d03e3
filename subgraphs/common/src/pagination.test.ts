import { describe, expect, it } from 'vitest';
import { decodeCursor, pageOfList } from './pagination.ts';
import { encodeCursor, parsePageArgs } from './index.ts';

const docs = (...ids: string[]) => ids.map((_id) => ({ _id }));

describe('parsePageArgs', () => {
  it('defaults first to 20 and after to none', () => {
    expect(parsePageArgs({}, 'shp_')).toEqual({ first: 20, afterId: null });
    expect(parsePageArgs({ first: null, after: null }, 'shp_')).toEqual({ first: 20, afterId: null });
  });

  it.each([[0], [-1], [101], [2.5]])('refuses first: %s with PAGE_SIZE_OUT_OF_RANGE', (first) => {
    expect(() => parsePageArgs({ first }, 'shp_')).toThrow(expect.objectContaining({ extensions: { code: 'PAGE_SIZE_OUT_OF_RANGE' } }));
  });

  it('reads back the cursor it handed out', () => {
    expect(parsePageArgs({ first: 5, after: encodeCursor('shp_000042') }, 'shp_')).toEqual({ first: 5, afterId: 'shp_000042' });
  });
});

describe('decodeCursor', () => {
  it.each([['%%%'], [''], ['c2hwXzAwMDA0Mg=='], [encodeCursor('opp_000001')], [encodeCursor('shp_1"}')], ['a'.repeat(300)]])(
    'refuses %s with INVALID_CURSOR',
    (cursor) => {
      expect(() => decodeCursor(cursor, 'shp_')).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_CURSOR' } }));
    },
  );
});

describe('pageOfList', () => {
  const all = docs('b', 'd', 'a', 'c', 'e');

  it('orders by id, slices after the cursor and counts the whole list', () => {
    expect(pageOfList(all, { first: 2, afterId: null }, 'asc')).toEqual({
      nodes: docs('a', 'b'),
      pageInfo: { endCursor: encodeCursor('b'), hasNextPage: true },
      totalCount: 5,
    });
    expect(pageOfList(all, { first: 2, afterId: 'd' }, 'asc')).toEqual({
      nodes: docs('e'),
      pageInfo: { endCursor: encodeCursor('e'), hasNextPage: false },
      totalCount: 5,
    });
  });

  it('pages newest first when the order is descending', () => {
    expect(pageOfList(all, { first: 3, afterId: 'd' }, 'desc').nodes).toEqual(docs('c', 'b', 'a'));
  });

  it('gives an empty page a null end cursor', () => {
    expect(pageOfList([], { first: 3, afterId: null }, 'asc')).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 });
  });
});
