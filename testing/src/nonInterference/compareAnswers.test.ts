import { describe, expect, it } from 'vitest';
import { compareAnswers } from './compareAnswers.ts';

const answer = (body: unknown, requestId: string | null = 'req-1', status = 200) => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body), requestId });

describe('compareAnswers', () => {
  it('finds two answers alike when only their request ids differ', () => {
    const a = answer({ errors: [{ message: 'x', extensions: { requestId: 'req-1' } }] }, 'req-1');
    const b = answer({ errors: [{ message: 'x', extensions: { requestId: 'req-2' } }] }, 'req-2');
    expect(compareAnswers(a, b)).toBeUndefined();
  });

  it('finds two answers alike when only the order of their errors differs (parallel fetches end in any order)', () => {
    const e1 = { message: '"first" must be between 1 and 100', path: ['deliverables'] };
    const e2 = { message: '"after" is not a cursor of this list', path: ['shoppers'] };
    expect(compareAnswers(answer({ errors: [e1, e2], data: null }), answer({ errors: [e2, e1], data: null }))).toBeUndefined();
    expect(compareAnswers(answer({ errors: [e1, e2] }), answer({ errors: [e2, e2] }))?.path).toMatch(/^errors\./);
  });

  it('reports a different status first', () => {
    expect(compareAnswers(answer({ data: 1 }, null, 200), answer({ data: 1 }, null, 400))).toEqual({ path: 'status', a: 200, b: 400 });
  });

  it('reports the first differing path with both values', () => {
    const a = answer({ data: { shoppers: { totalCount: 3, nodes: [{ id: 's1' }, { id: 's2' }] } } });
    const b = answer({ data: { shoppers: { totalCount: 3, nodes: [{ id: 's1' }, { id: 's3' }] } } });
    expect(compareAnswers(a, b)).toEqual({ path: 'data.shoppers.nodes.1.id', a: 's2', b: 's3' });
  });

  it('reports lists of different lengths, and keys only one side has', () => {
    expect(compareAnswers(answer({ data: { l: [1, 2] } }), answer({ data: { l: [1] } }))).toEqual({ path: 'data.l.length', a: 2, b: 1 });
    expect(compareAnswers(answer({ data: {}, extensions: { privacy: {} } }), answer({ data: {} }))).toEqual({ path: 'extensions', a: { privacy: {} }, b: '(absent)' });
  });

  it('tells apart bodies that parse alike but differ in bytes (key order)', () => {
    expect(compareAnswers(answer('{"a":1,"b":2}'), answer('{"b":2,"a":1}'))?.path).toBe('body (same JSON, other bytes)');
  });

  it('compares bodies that are not JSON as text', () => {
    expect(compareAnswers(answer('Bad Gateway'), answer('Bad gateway'))).toEqual({ path: 'body', a: 'Bad Gateway', b: 'Bad gateway' });
  });
});
