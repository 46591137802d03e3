import { describe, expect, it } from 'vitest';
import { andFilters, narrowTo } from './filters.ts';

describe('andFilters', () => {
  it('merges filters on different fields into one flat filter', () => {
    expect(andFilters({ clientId: 'c1' }, {}, { status: 'OPEN' })).toEqual({ clientId: 'c1', status: 'OPEN' });
  });

  it('keeps the same equality once', () => {
    expect(andFilters({ clientId: 'c1' }, { clientId: 'c1', status: 'OPEN' })).toEqual({ clientId: 'c1', status: 'OPEN' });
  });

  it('keeps two different conditions on one field apart, so that both must hold', () => {
    expect(andFilters({ clientId: 'c1' }, { clientId: 'c2' })).toEqual({ $and: [{ clientId: 'c1' }, { clientId: 'c2' }] });
    expect(andFilters({ _id: { $in: ['a', 'b'] } }, { _id: { $gt: 'a' } })).toEqual({ $and: [{ _id: { $in: ['a', 'b'] } }, { _id: { $gt: 'a' } }] });
  });

  it('keeps operators at the top level in $and', () => {
    expect(andFilters({ clientId: 'c1' }, { $or: [{ a: 1 }, { b: 2 }] })).toEqual({ $and: [{ clientId: 'c1' }, { $or: [{ a: 1 }, { b: 2 }] }] });
  });
});

describe('narrowTo', () => {
  it('adds the equality to a filter without a condition on the key', () => {
    expect(narrowTo({ clientId: 'c1' }, 'shopperId', 's1')).toEqual({ clientId: 'c1', shopperId: 's1' });
  });

  it('answers null when the filter excludes the value, by equality or by $in', () => {
    expect(narrowTo({ shopperId: 's2' }, 'shopperId', 's1')).toBeNull();
    expect(narrowTo({ _id: { $in: ['a', 'b'] } }, '_id', 'c')).toBeNull();
  });

  it('replaces a condition that holds for the value by the plain equality', () => {
    expect(narrowTo({ _id: { $in: ['a', 'b'] }, status: 'OPEN' }, '_id', 'b')).toEqual({ status: 'OPEN', _id: 'b' });
    expect(narrowTo({ shopperId: 's1' }, 'shopperId', 's1')).toEqual({ shopperId: 's1' });
  });

  it('keeps any other condition on the key beside the equality', () => {
    expect(narrowTo({ _id: { $gt: 'a' } }, '_id', 'b')).toEqual({ $and: [{ _id: { $gt: 'a' } }, { _id: 'b' }] });
  });
});
