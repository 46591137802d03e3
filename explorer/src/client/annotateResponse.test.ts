import { describe, expect, it } from 'vitest';
import { annotateResponse, formatPath, type AnnotatedEntry, type AnnotatedResponse } from './annotateResponse.ts';
import type { ExplainPlan } from './graphqlResult.ts';

const explain: ExplainPlan = {
  withheld: 1,
  unchanged: false,
  fields: [
    { path: ['shoppers', 'nodes', 'email'], coordinate: 'Shopper.email', category: 'IDENTIFIERS', effect: 'allow', reason: 'FIELD_RULE', rule: 'roles.PARTNER.grants[0].fields["Shopper.email"]', condition: { consent: 'shareContactWithPartners' } },
    { path: ['shoppers', 'nodes', 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', effect: 'deny', reason: 'PURPOSE_LIMITATION', rule: '@pii(purpose)' },
    { path: ['shoppers', 'nodes', 'name'], coordinate: 'Shopper.name', category: 'IDENTIFIERS', effect: 'mask', strategy: 'initials', reason: 'FIELD_RULE', rule: 'roles.PARTNER.grants[0].fields["Shopper.name"]' },
    { path: ['shoppers', 'nodes', 'phone'], coordinate: 'Shopper.phone', category: 'IDENTIFIERS', effect: 'allow', reason: 'CATEGORY_RULE', rule: 'roles.PARTNER.grants[0].categories.IDENTIFIERS' },
  ],
};

const result = {
  data: {
    shoppers: {
      nodes: [
        { id: 's1', name: 'O. J.', email: 'omar@example.test', ssn: null, phone: null },
        { id: 's2', name: 'L. J.', email: null, ssn: null, phone: '555' },
      ],
    },
    shopper: null,
  },
  extensions: {
    privacy: {
      withheld: [
        { path: ['shoppers', 'nodes', 0, 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', reason: 'PURPOSE_LIMITATION' },
        { path: ['shoppers', 'nodes', 1, 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', reason: 'PURPOSE_LIMITATION' },
      ],
      masked: [
        { path: ['shoppers', 'nodes', 0, 'name'], coordinate: 'Shopper.name', category: 'IDENTIFIERS', strategy: 'initials' },
        { path: ['shoppers', 'nodes', 1, 'name'], coordinate: 'Shopper.name', category: 'IDENTIFIERS', strategy: 'initials' },
      ],
      withheldCount: 2,
      maskedCount: 2,
      truncated: false,
    },
  },
};

function find(annotated: AnnotatedResponse, path: string): AnnotatedEntry | undefined {
  const walk = (entry: AnnotatedEntry): AnnotatedEntry | undefined => {
    if (formatPath(entry.path) === path) return entry;
    const children = entry.value.kind === 'object' ? entry.value.entries : entry.value.kind === 'list' ? entry.value.items : [];
    for (const child of children) {
      const hit = walk(child);
      if (hit) return hit;
    }
    return undefined;
  };
  return annotated.root ? walk(annotated.root) : undefined;
}

describe('annotateResponse', () => {
  const annotated = annotateResponse({ result, explain, purpose: 'PARTNER_REFERRAL' });

  it('marks withheld fields with their category, reason, the purpose and the rule from the plan', () => {
    const mark = find(annotated, 'shoppers.nodes.1.ssn')?.mark;
    expect(mark).toMatchObject({ kind: 'withheld', label: 'withheld', category: 'IDENTIFIERS', reason: 'PURPOSE_LIMITATION', rule: '@pii(purpose)' });
    expect(mark?.detail).toContain('purpose PARTNER_REFERRAL');
    expect(mark?.detail).toContain('not collected for this purpose');
  });

  it('marks masked fields with their strategy', () => {
    expect(find(annotated, 'shoppers.nodes.0.name')?.mark).toMatchObject({ kind: 'masked', label: 'masked: initials', strategy: 'initials', rule: 'roles.PARTNER.grants[0].fields["Shopper.name"]' });
  });

  it("says where the record's consent decided: given when the value came back, a record rule when it is null", () => {
    expect(find(annotated, 'shoppers.nodes.0.email')?.mark).toMatchObject({ kind: 'consent', label: 'consent given' });
    const missing = find(annotated, 'shoppers.nodes.1.email')?.mark;
    expect(missing).toMatchObject({ kind: 'consent', label: 'null: record rule (consent)' });
    expect(missing?.detail).toContain('consents.shareContactWithPartners');
  });

  it('shows an allowed field that came back null as a null without a policy entry, not as withheld', () => {
    const mark = find(annotated, 'shoppers.nodes.0.phone')?.mark;
    expect(mark).toMatchObject({ kind: 'no-entry', label: 'null (no policy entry)' });
    expect(mark?.detail).toMatch(/possibly a record rule/);
    expect(find(annotated, 'shoppers.nodes.1.phone')?.mark).toMatchObject({ kind: 'allowed' });
  });

  it('notes a null root field (scope or not found), and leaves fields without @pii unmarked', () => {
    expect(find(annotated, 'shopper')?.mark).toMatchObject({ kind: 'no-entry' });
    expect(find(annotated, 'shoppers.nodes.0.id')?.mark).toBeUndefined();
  });

  it('counts each kind of mark', () => {
    expect(annotated.counts).toEqual({ withheld: 2, masked: 2, refused: 0, 'no-entry': 2, consent: 2, allowed: 1 });
  });

  it('marks an error at a path as refused, and keeps errors without a path (and strict mode’s denied fields) as refusals', () => {
    const refused = annotateResponse({
      purpose: 'CLIENT_REPORTING',
      explain: null,
      result: {
        data: { shopper: null },
        errors: [
          { message: 'Not allowed to filter by email.', path: ['shopper'], extensions: { code: 'PII_DENIED' } },
          { message: 'Strict mode: …', extensions: { code: 'PII_DENIED', denied: [{ path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', reason: 'CATEGORY_NOT_GRANTED' }] } },
        ],
      },
    });
    expect(find(refused, 'shopper')?.mark).toMatchObject({ kind: 'refused', label: 'refused: PII_DENIED', detail: 'Not allowed to filter by email.' });
    expect(refused.refusals).toEqual([{ code: 'PII_DENIED', message: 'Strict mode: …', denied: [{ path: 'shopper.ssn', coordinate: 'Shopper.ssn', reason: 'CATEGORY_NOT_GRANTED' }] }]);
  });

  it('falls back on the plan for withheld fields past a truncated privacy list', () => {
    const truncated = annotateResponse({
      purpose: 'PARTNER_REFERRAL',
      explain,
      result: { data: { shoppers: { nodes: [{ ssn: null }] } }, extensions: { privacy: { withheld: [], masked: [], truncated: true } } },
    });
    expect(truncated.truncated).toBe(true);
    expect(find(truncated, 'shoppers.nodes.0.ssn')?.mark).toMatchObject({ kind: 'withheld', reason: 'PURPOSE_LIMITATION' });
  });

  it('has no root when there is no data', () => {
    expect(annotateResponse({ purpose: null, result: { errors: [{ message: 'x' }] } }).root).toBeNull();
  });
});
