import { describe, expect, it } from 'vitest';
import { isMoreRestrictive, type Decision } from './index.ts';
import { mostRestrictive, strictness } from './decision.ts';

const allow: Decision = { effect: 'allow', reason: 'CATEGORY_RULE', rule: 'a' };
const conditional: Decision = { ...allow, condition: { consent: 'x' } };
const partial: Decision = { effect: 'mask', strategy: 'partial', reason: 'CATEGORY_RULE', rule: 'p' };
const hash: Decision = { effect: 'mask', strategy: 'hash', reason: 'CATEGORY_RULE', rule: 'h' };
const deny: Decision = { effect: 'deny', reason: 'CATEGORY_NOT_GRANTED', rule: 'd' };

describe('isMoreRestrictive', () => {
  it('orders deny above mask above allow', () => {
    expect(isMoreRestrictive(deny, partial)).toBe(true);
    expect(isMoreRestrictive(partial, allow)).toBe(true);
    expect(isMoreRestrictive(allow, deny)).toBe(false);
  });

  it('orders hash above partial', () => {
    expect(isMoreRestrictive(hash, partial)).toBe(true);
    expect(isMoreRestrictive(partial, hash)).toBe(false);
  });

  it('ranks a conditional allow above an unconditional mask', () => {
    expect(isMoreRestrictive(conditional, hash)).toBe(true);
    expect(isMoreRestrictive(deny, conditional)).toBe(true);
  });
});

describe('mostRestrictive', () => {
  it('returns the decision that reveals less', () => {
    expect(mostRestrictive(allow, deny)).toBe(deny);
    expect(mostRestrictive(hash, partial)).toBe(hash);
  });

  it('returns the first decision on a tie', () => {
    const other: Decision = { ...allow, rule: 'b' };
    expect(mostRestrictive(allow, other)).toBe(allow);
  });
});

describe('strictness', () => {
  const conditionalHash: Decision = { ...hash, condition: { consent: 'x' } };

  it('ranks a conditional allow below every mask in the plan view: the plan must still mask what one type masks', () => {
    expect(isMoreRestrictive(partial, conditional, 'plan')).toBe(true);
    expect(isMoreRestrictive(conditional, allow, 'plan')).toBe(true);
    expect(isMoreRestrictive(deny, partial, 'plan')).toBe(true);
  });

  it('ranks a conditional mask as its mask in the plan view, and above it in the record view', () => {
    expect(strictness(conditionalHash, 'plan')).toBe(strictness(hash, 'plan'));
    expect(strictness(conditionalHash)).toBeGreaterThan(strictness(hash));
  });
});
