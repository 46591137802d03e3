import { describe, expect, it } from 'vitest';
import { decide, decideCategory } from './index.ts';
import { samplePolicy } from './testing/policies.ts';

const policy = samplePolicy();

describe('decideCategory', () => {
  it('gives what decide gives a field that no per-field rule names and whose @pii lists no purposes', () => {
    for (const role of ['CLIENT', 'PARTNER', 'ADMIN']) {
      for (const purpose of [...policy.purposes.keys(), null]) {
        for (const category of policy.categories.keys()) {
          for (const sensitive of [false, true]) {
            const byField = decide(policy, { role, purpose, annotation: { category, sensitive }, coordinate: 'Unnamed.field' });
            expect(decideCategory(policy, { role, purpose, category, sensitive }), `${role} ${purpose} ${category} ${sensitive}`).toBe(byField);
          }
        }
      }
    }
  });

  it('reads the grant’s category and sensitive entries, and nothing of its field rules', () => {
    expect(decideCategory(policy, { role: 'CLIENT', purpose: 'CLIENT_REPORTING', category: 'PROFESSIONAL', sensitive: false })).toMatchObject({ effect: 'mask', strategy: 'generalize', reason: 'CATEGORY_RULE' });
    expect(decideCategory(policy, { role: 'CLIENT', purpose: 'CLIENT_REPORTING', category: 'GEOLOCATION', sensitive: true })).toMatchObject({ effect: 'allow', reason: 'SENSITIVE_RULE' });
    expect(decideCategory(policy, { role: 'PARTNER', purpose: 'PARTNER_REFERRAL', category: 'IDENTIFIERS', sensitive: false })).toMatchObject({ effect: 'deny', reason: 'CLOSED_WORLD' });
  });
});
