import { describe, expect, it } from 'vitest';
import { annotateResponse } from './annotateResponse.ts';
import { compareResponses } from './compareResponses.ts';
import type { GraphQLResult } from './graphqlResult.ts';

const annotate = (result: GraphQLResult) => annotateResponse({ result, purpose: 'SERVICES', explain: null });

describe('compareResponses', () => {
  const support = annotate({
    data: { shopper: { id: 's1', ssn: '***-**-1234', email: 'a@example.test', tags: [] } },
    extensions: { privacy: { withheld: [], masked: [{ path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', strategy: 'partial' }] } },
  });
  const partner = annotate({
    data: { shopper: { id: 's1', ssn: null, email: 'a@example.test', tags: [] } },
    extensions: { privacy: { withheld: [{ path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', reason: 'PURPOSE_LIMITATION' }], masked: [] } },
  });
  const rows = compareResponses([support, partner]);
  const row = (path: string) => rows.find((r) => r.path === path);

  it('lines the callers up path by path, leaves included (empty lists too)', () => {
    expect(rows.map((r) => r.path)).toEqual(['shopper.id', 'shopper.ssn', 'shopper.email', 'shopper.tags']);
  });

  it('flags a path where the values differ, with each caller’s mark', () => {
    expect(row('shopper.ssn')).toMatchObject({ differs: true, cells: [{ text: '"***-**-1234"', mark: { kind: 'masked' } }, { text: 'null', mark: { kind: 'withheld' } }] });
  });

  it('does not flag a path where every caller gets the same', () => {
    expect(row('shopper.id')?.differs).toBe(false);
    expect(row('shopper.email')?.differs).toBe(false);
  });

  it('flags a path only one caller has (absent for the other), and compares three or more callers', () => {
    const empty = annotate({ data: { shopper: null } });
    const three = compareResponses([support, partner, empty]);
    expect(three.find((r) => r.path === 'shopper.id')).toMatchObject({ differs: true, cells: [{ text: '"s1"' }, { text: '"s1"' }, {}] });
    expect(three.find((r) => r.path === 'shopper')?.cells[2]).toMatchObject({ text: 'null' });
  });

  it("keeps a path only a later caller has next to the paths around it in that caller's response", () => {
    const a = annotate({ data: { d: { id: '1', receipt: null, shopper: 's' } } });
    const b = annotate({ data: { d: { id: '1', receipt: { amount: 2 }, shopper: 's' } } });
    expect(compareResponses([a, b]).map((r) => r.path)).toEqual(['d.id', 'd.receipt', 'd.receipt.amount', 'd.shopper']);
  });

  it('flags the same value marked differently (how it came back differs)', () => {
    const a = annotate({ data: { x: null }, errors: [{ message: 'no', path: ['x'], extensions: { code: 'PII_DENIED' } }] });
    const b = annotate({ data: { x: null } });
    expect(compareResponses([a, b])[0]).toMatchObject({ path: 'x', differs: true });
  });
});
