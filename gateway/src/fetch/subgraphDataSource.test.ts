import { describe, expect, it } from 'vitest';
import { subgraphFailureStatus } from './subgraphDataSource.ts';

const error = (code: string) => ({ extensions: { code } });

describe('subgraphFailureStatus', () => {
  it('gives 502, 504 or 503 when nothing could be fetched because services failed', () => {
    expect(subgraphFailureStatus({ data: null, errors: [error('SUBGRAPH_UNAVAILABLE')] })).toBe(502);
    expect(subgraphFailureStatus({ errors: [error('SUBGRAPH_TIMEOUT'), error('SUBGRAPH_TIMEOUT')] })).toBe(504);
    expect(subgraphFailureStatus({ data: null, errors: [error('DATABASE_UNAVAILABLE')] })).toBe(503);
    expect(subgraphFailureStatus({ data: null, errors: [error('SUBGRAPH_TIMEOUT'), error('DATABASE_UNAVAILABLE')] })).toBe(502);
  });

  it('leaves the status alone when there is data, or another error', () => {
    expect(subgraphFailureStatus({ data: { a: 1 }, errors: [error('SUBGRAPH_UNAVAILABLE')] })).toBeUndefined();
    expect(subgraphFailureStatus({ data: null, errors: [error('SUBGRAPH_UNAVAILABLE'), error('BAD_USER_INPUT')] })).toBeUndefined();
    expect(subgraphFailureStatus({ data: null })).toBeUndefined();
  });
});
