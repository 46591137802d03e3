import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, policyDigest } from './policyDigest.ts';
import { loadPolicy } from './loadPolicy.ts';
import { POLICY_PATH } from './shippedFiles.ts';

const document = JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as Record<string, unknown>;

function load(doc: unknown) {
  const loaded = loadPolicy(doc);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  return loaded.policy;
}

describe('policyDigest', () => {
  it('is the same for two loads of the same rules, however the document orders its keys', () => {
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    expect(policyDigest(load(document))).toMatch(/^[0-9a-f]{16}$/);
    expect(policyDigest(load(reordered))).toBe(policyDigest(load(document)));
  });

  it('changes with any rule', () => {
    const changed = structuredClone(document) as { description?: string };
    changed.description = `${changed.description ?? ''} (edited)`;
    expect(policyDigest(load(changed))).not.toBe(policyDigest(load(document)));
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: 'x', u: undefined })).toBe('{"a":"x","b":[2,{"c":2,"d":1}]}');
  });
});
