import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPersistedOperations, normalizeOperation, operationSha256 } from './index.ts';

const DOC = 'query Referrals($first: Int) { shoppers(first: $first) { nodes { id name } } }';
const dir = mkdtempSync(join(tmpdir(), 'persisted-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('operationSha256', () => {
  it('hashes the normalized text, so spacing, commas and comments do not matter', () => {
    const messy = `# a comment\nquery Referrals( $first : Int ) {\n shoppers(first:$first) , { nodes { id, name } } }`;
    expect(normalizeOperation(messy)).toBe(normalizeOperation(DOC));
    expect(operationSha256(messy)).toBe(operationSha256(parse(DOC)));
    expect(operationSha256(DOC.replace('name', 'name email'))).not.toBe(operationSha256(DOC));
  });
});

describe('loadPersistedOperations', () => {
  it('allows a registered operation by name and hash to its roles only', () => {
    const loaded = loadPersistedOperations(file({ operations: [{ name: 'Referrals', sha256: operationSha256(DOC), roles: ['PARTNER'], document: DOC }] }));
    if ('errors' in loaded) throw new Error(loaded.errors.join());
    const ops = loaded.operations;
    expect(ops.allows('PARTNER', parse(DOC), 'Referrals')).toBe(true);
    expect(ops.allows('CLIENT', parse(DOC), 'Referrals')).toBe(false);
    expect(ops.allows('PARTNER', parse(DOC), 'Other')).toBe(false);
    expect(ops.allows('PARTNER', parse(DOC), null)).toBe(false);
    expect(ops.allows('PARTNER', parse(DOC.replace('name', 'name ssn')), 'Referrals')).toBe(false);
    expect(ops.roles()).toEqual(['PARTNER']);
  });

  it('names every problem of a bad file', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{ not json', /Unexpected token|JSON/],
      [{ operations: [{ name: 'X', sha256: 'abc', roles: ['PARTNER'] }] }, /operations\.0\.sha256: must be 64 lower-case hex digits/],
      [{ operations: [{ name: 'X', sha256: operationSha256(DOC), roles: [] }] }, /operations\.0\.roles/],
      [{ operations: [{ name: 'X', sha256: operationSha256(DOC), roles: ['PARTNER'], extra: 1 }] }, /operations\.0/],
      [{ operations: [{ name: 'Referrals', sha256: operationSha256('{ a }'), roles: ['PARTNER'], document: DOC }] }, /the document hashes to/],
      [{ operations: [{ name: 'Other', sha256: operationSha256(DOC), roles: ['PARTNER'], document: DOC }] }, /has no operation named Other/],
      [{ operations: [{ name: 'Bad', sha256: operationSha256(DOC), roles: ['PARTNER'], document: 'query Bad {' }] }, /Syntax Error/],
    ];
    for (const [content, message] of cases) {
      const loaded = loadPersistedOperations(file(content));
      expect('errors' in loaded && loaded.errors.join('\n')).toMatch(message);
    }
    expect(loadPersistedOperations(join(dir, 'missing.json'))).toMatchObject({ errors: [expect.stringMatching(/ENOENT/)] });
  });
});
