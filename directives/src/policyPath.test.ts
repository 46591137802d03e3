import { describe, expect, it } from 'vitest';
import { policyPath } from './policyPath.ts';

describe('policyPath', () => {
  it('joins identifiers with dots and indexes with brackets', () => {
    expect(policyPath(['roles', 'CLIENT', 'grants', 0, 'categories', 'IDENTIFIERS'])).toBe(
      'roles.CLIENT.grants[0].categories.IDENTIFIERS',
    );
  });

  it('quotes keys that are not identifiers, such as schema coordinates', () => {
    expect(policyPath(['roles', 'CLIENT', 'grants', 0, 'fields', 'Shopper.name'])).toBe(
      'roles.CLIENT.grants[0].fields["Shopper.name"]',
    );
  });

  it('names the document itself for an empty path', () => {
    expect(policyPath([])).toBe('(root)');
  });
});
