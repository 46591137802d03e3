import { describe, expect, it } from 'vitest';
import { checkVariablesParameter, parseRequestBody } from './parseRequestBody.ts';

const RULES = { maxBatchSize: 0, maxVariablesBytes: 100 };
const json = 'application/json';
const parse = (body: string | Buffer, contentType: string | undefined = json, rules = RULES) => parseRequestBody(Buffer.from(body), contentType, rules);
const refusal = (r: ReturnType<typeof parse>) => ('refused' in r ? [r.refused.status, r.refused.code] : r.body);

describe('parseRequestBody', () => {
  it('parses a JSON operation', () => {
    expect(parse('{"query":"{ a }","variables":{"x":1}}')).toEqual({ body: { query: '{ a }', variables: { x: 1 } } });
    expect(parse('{"query":"{ a }"}', 'application/json; charset=UTF-8')).toEqual({ body: { query: '{ a }' } });
  });

  it.each([
    ['no content type', '{}', undefined, [415, 'UNSUPPORTED_MEDIA_TYPE']],
    ['text/plain', '{}', 'text/plain', [415, 'UNSUPPORTED_MEDIA_TYPE']],
    ['a form', 'a=1', 'application/x-www-form-urlencoded', [415, 'UNSUPPORTED_MEDIA_TYPE']],
    ['another charset', '{}', 'application/json; charset=utf-16', [415, 'UNSUPPORTED_MEDIA_TYPE']],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), json, [400, 'BAD_REQUEST']],
    ['invalid JSON', '{"query":', json, [400, 'BAD_REQUEST']],
    ['a batch with batching off', '[{"query":"{ a }"}]', json, [400, 'BATCHING_DISABLED']],
    ['variables too large', JSON.stringify({ query: '{ a }', variables: { s: 'x'.repeat(200) } }), json, [413, 'VARIABLES_TOO_LARGE']],
    ['variables nested too deep', `{"query":"{ a }","variables":{"v":${'['.repeat(200)}${']'.repeat(200)}}}`, json, [400, 'BAD_REQUEST']],
  ] as const)('refuses %s', (_name, body, contentType, expected) => {
    expect(refusal(parseRequestBody(Buffer.from(body), contentType, RULES))).toEqual(expected);
  });

  it('takes batches up to maxBatchSize when batching is on', () => {
    const rules = { maxBatchSize: 2, maxVariablesBytes: 100 };
    expect(refusal(parse('[{"query":"{ a }"},{"query":"{ b }"}]', json, rules))).toHaveLength(2);
    expect(refusal(parse('[{"query":"{ a }"},{"query":"{ b }"},{"query":"{ c }"}]', json, rules))).toEqual([400, 'BATCH_TOO_LARGE']);
    expect(refusal(parse('[]', json, rules))).toEqual([400, 'BATCH_TOO_LARGE']);
    expect(refusal(parse(JSON.stringify([{ query: '{ a }', variables: { s: 'x'.repeat(200) } }]), json, rules))).toEqual([413, 'VARIABLES_TOO_LARGE']);
  });

  it('leaves an empty body and non-object variables to Apollo Server', () => {
    expect(parse('')).toEqual({ body: undefined });
    expect(parse('{"query":"{ a }","variables":"{}"}')).toEqual({ body: { query: '{ a }', variables: '{}' } });
  });
});

describe('checkVariablesParameter', () => {
  it('refuses GET variables over the limit', () => {
    expect(checkVariablesParameter(new URLSearchParams({ variables: JSON.stringify({ s: 'x'.repeat(200) }) }), 100)).toMatchObject({ refused: { status: 413 } });
    expect(checkVariablesParameter(new URLSearchParams({ variables: '{}' }), 100)).toBeUndefined();
  });
});
