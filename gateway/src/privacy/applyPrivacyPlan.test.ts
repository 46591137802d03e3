import { buildSchema, execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { PiiIndex } from '@confero/directives';
import { applyPrivacyPlan, compilePrivacyPlan, type DecideField } from './index.ts';
import { annotationIndex, createWorld, piiIndex, roles, SECRETS, schema } from './testFixtures.ts';
import { createMaskFn, runPlanned, shapeMismatch } from './testRuns.ts';

function expectNoSecrets(json: string) {
  for (const secret of SECRETS) expect(json).not.toContain(secret);
}

describe('applyPrivacyPlan', () => {
  describe('when fields were withheld', () => {
    it('puts them back as null at the caller’s response keys, in the caller’s order', async () => {
      const run = await runPlanned('SUPPORT', '{ shopper(id: "shp-1") { ssn id mail: email dob: dateOfBirth handle } }');
      expect(run.json).toBe(
        JSON.stringify({ shopper: { ssn: null, id: 'shp-1', mail: 'SECRET-EMAIL-1', dob: null, handle: 'handle-1' } }),
      );
      expect(run.resolved).toEqual(['Shopper.email']);
      expect(run.applied.privacy).toEqual({
        withheld: [
          { path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', reason: 'SENSITIVE_NOT_GRANTED' },
          { path: ['shopper', 'dob'], coordinate: 'Shopper.dateOfBirth', category: 'PROTECTED_CLASSIFICATIONS', reason: 'CATEGORY_NOT_GRANTED' },
        ],
        masked: [],
        withheldCount: 2,
        maskedCount: 0,
        truncated: false,
      });
    });

    it('restores an object whose every field was withheld, without the placeholder', async () => {
      const run = await runPlanned('RESEARCH', '{ shoppers { email ssn } stats { shopperCount } }');
      expect(run.json).toBe(JSON.stringify({ shoppers: [{ email: null, ssn: null }, { email: null, ssn: null }], stats: { shopperCount: 2 } }));
      expect(run.applied.privacy.withheld.map((w) => w.path)).toEqual([
        ['shoppers', 0, 'email'],
        ['shoppers', 0, 'ssn'],
        ['shoppers', 1, 'email'],
        ['shoppers', 1, 'ssn'],
      ]);
    });

    it('puts back a denied composite field as null without asking for anything below it', async () => {
      const run = await runPlanned('CLIENT', '{ shopper(id: "shp-2") { homeLocation { lat lng } handle } }');
      expect(run.json).toBe(JSON.stringify({ shopper: { homeLocation: null, handle: 'handle-2' } }));
      expect(run.resolved).toEqual([]);
    });

    it('walks lists of lists and null entries', async () => {
      const run = await runPlanned('CLIENT', '{ shopperGrid { id email } }');
      expect(run.json).toBe(JSON.stringify({ shopperGrid: [[{ id: 'shp-1', email: null }, null], [], [{ id: 'shp-2', email: null }]] }));
      expect(run.applied.privacy.withheld.map((w) => w.path)).toEqual([
        ['shopperGrid', 0, 0, 'email'],
        ['shopperGrid', 2, 0, 'email'],
      ]);
    });

    it('keeps the caller’s order where one field is selected several times and merged', async () => {
      const run = await runPlanned('CLIENT', '{ shopper(id: "shp-1") { homeLocation { lat } } shopper(id: "shp-1") { handle homeLocation { lng } } }');
      expect(run.json).toBe(JSON.stringify({ shopper: { homeLocation: null, handle: 'handle-1' } }));
      expect(shapeMismatch(run.data, run.reference)).toBe('');
      const reversed = await runPlanned('CLIENT', '{ shopper(id: "shp-1") { label } shopper(id: "shp-1") { email handle } }');
      expect(reversed.json).toBe(JSON.stringify({ shopper: { label: 'MASKED(initials)', email: null, handle: 'handle-1' } }));
    });

    it('withholds a key for one type and returns it for another', async () => {
      const run = await runPlanned('CLIENT', '{ search(text: "x") { ... on Shopper { name: email } ... on Client { name: label } ... on Opportunity { id } } }');
      expect(run.json).toBe(JSON.stringify({ search: [{ name: 'Acme Stores' }, { name: null }, { id: 'opp-1' }, { name: null }] }));
      expect(shapeMismatch(run.data, run.reference)).toBe('');
    });
  });

  describe('when fields are masked', () => {
    it('transforms leaf values with the decision’s strategy', async () => {
      const run = await runPlanned('CLIENT', '{ nodes { id label } }');
      expect(run.data).toEqual({
        nodes: [
          { id: 'shp-1', label: 'MASKED(initials)' },
          { id: 'cli-1', label: 'MASKED(initials)' },
          { id: 'opp-1', label: 'MASKED(initials)' },
          { id: 'shp-2', label: 'MASKED(initials)' },
        ],
      });
      expect(run.applied.privacy.masked[0]).toEqual({ path: ['nodes', 0, 'label'], coordinate: 'Shopper.label', category: 'IDENTIFIERS', strategy: 'initials' });
    });

    it('hands a composite value to the mask function whole, once, after its own fields are settled', async () => {
      const run = await runPlanned('SUPPORT', '{ shoppers { handle homeLocation { lat lng } } }');
      expect(run.data).toEqual({
        shoppers: [
          { handle: 'handle-1', homeLocation: { lat: 'MASKED(generalize)', lng: 'MASKED(generalize)' } },
          { handle: 'handle-2', homeLocation: { lat: 'MASKED(generalize)', lng: 'MASKED(generalize)' } },
        ],
      });
      expect(run.mask.calls).toEqual([
        { strategy: 'generalize', coordinate: 'Shopper.homeLocation' },
        { strategy: 'generalize', coordinate: 'Shopper.homeLocation' },
      ]);
      expectNoSecrets(run.json);
    });

    it('prunes a field denied by its own annotation inside a masked composite, then masks the rest', async () => {
      const index: PiiIndex = annotationIndex((t, f) => (t === 'GeoPoint' && f === 'lng' ? { category: 'SENSORY', sensitive: true } : piiIndex.fieldAnnotation(t, f)));
      const decideField: DecideField = (a, c) => (a.category === 'SENSORY' ? { effect: 'deny', reason: 'SENSITIVE_RULE', rule: 'x' } : roles.SUPPORT(a, c));
      const plan = compilePrivacyPlan({ schema, document: parse('{ shopper(id: "shp-1") { homeLocation { lat lng } } }'), piiIndex: index, decideField });
      const world = createWorld();
      const executed = await execute({ schema, document: plan.document, rootValue: world.root });
      const { maskFn, calls } = createMaskFn();
      const applied = applyPrivacyPlan(executed.data, plan, {}, maskFn);
      expect(world.resolved).toEqual(['Shopper.homeLocation', 'Shopper.homeLocation.lat']);
      expect(JSON.stringify(applied.data)).toBe(JSON.stringify({ shopper: { homeLocation: { lat: 'MASKED(generalize)', lng: null } } }));
      expect(calls).toEqual([{ strategy: 'generalize', coordinate: 'Shopper.homeLocation' }]);
      expect(applied.privacy.withheld.map((w) => w.path)).toEqual([['shopper', 'homeLocation', 'lng']]);
    });

    it('masks a key merged from several selections once', async () => {
      const run = await runPlanned('CLIENT', '{ shopper(id: "shp-1") { label } shopper(id: "shp-1") { label ... on Shopper { label } } }');
      expect(run.data).toEqual({ shopper: { label: 'MASKED(initials)' } });
      expect(run.mask.calls).toHaveLength(1);
    });
  });

  describe('when @include and @skip depend on variables', () => {
    const query = /* GraphQL */ `
      query Q($withEmail: Boolean!, $noSsn: Boolean!, $contact: Boolean = true) {
        shopper(id: "shp-1") {
          id
          email @include(if: $withEmail)
          ssn @skip(if: $noSsn)
          ...Contact @include(if: $contact)
        }
      }
      fragment Contact on Shopper { phone }
    `;

    it('puts a withheld field back only when it would have been included', async () => {
      const none = await runPlanned('RESEARCH', query, { withEmail: false, noSsn: true, contact: false });
      expect(none.json).toBe(JSON.stringify({ shopper: { id: 'shp-1' } }));
      const all = await runPlanned('RESEARCH', query, { withEmail: true, noSsn: false });
      expect(all.json).toBe(JSON.stringify({ shopper: { id: 'shp-1', email: null, ssn: null, phone: null } }));
      expect(all.applied.privacy.withheldCount).toBe(3);
    });

    it('keeps the directives in the pruned document for what is fetched', async () => {
      const run = await runPlanned('PARTNER', query, { withEmail: false, noSsn: false, contact: false });
      expect(run.plan.source).toContain('email @include(if: $withEmail)');
      expect(run.plan.source).toContain('... on Shopper @include(if: $contact)');
      expect(run.json).toBe(JSON.stringify({ shopper: { id: 'shp-1', ssn: null } }));
    });
  });

  describe('when nothing was pruned or masked', () => {
    it('returns the data as it is', async () => {
      const run = await runPlanned('ADMIN', '{ stats { shopperCount } }');
      expect(run.plan.unchanged).toBe(true);
      expect(run.applied.data).toBe(run.executed.data);
      expect(run.applied.privacy).toEqual({ withheld: [], masked: [], withheldCount: 0, maskedCount: 0, truncated: false });
    });

    it('returns null data (a failed root) as it is', () => {
      const plan = compilePrivacyPlan({ schema, document: parse('{ shopper(id: "shp-1") { ssn } }'), piiIndex, decideField: roles.RESEARCH });
      expect(applyPrivacyPlan(null, plan, {}, createMaskFn().maskFn).data).toBeNull();
    });
  });

  describe('a response key named __proto__', () => {
    it('stays an own key of the rebuilt object and never becomes its prototype', async () => {
      const run = await runPlanned('SUPPORT', '{ shoppers { ssn __proto__: email id } }');
      const first = run.data.shoppers[0];
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(Object.keys(first)).toEqual(['ssn', '__proto__', 'id']);
      expect(run.json).toContain('"__proto__":');
      expect(shapeMismatch(run.data, run.reference)).toBe('');
    });
  });

  describe('the privacy extension', () => {
    it('lists at most maxEntries per kind with exact counts', async () => {
      const run = await runPlanned('CLIENT', '{ shoppers { email } }');
      const plan = run.plan;
      const data = { shoppers: Array.from({ length: 250 }, () => ({ __pii_subject: 'shp-x' })) };
      const applied = applyPrivacyPlan(data, plan, {}, createMaskFn().maskFn, { maxEntries: 100 });
      expect(applied.privacy.withheld).toHaveLength(100);
      expect(applied.privacy.withheldCount).toBe(250);
      expect(applied.privacy.truncated).toBe(true);
    });
  });

  describe('audit subjects', () => {
    it('lists the records whose PII was returned and strips the id it fetched', async () => {
      const run = await runPlanned('SUPPORT', '{ assignments { status shopper { handle email } opportunity { label } } nodes { label } }');
      expect(run.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(run.json).not.toContain('__pii_');
      expect(shapeMismatch(run.data, run.reference)).toBe('');
    });

    it('counts the record a `via` field leads to as the subject of another record’s PII, and strips what it fetched', async () => {
      const via = { types: ['Shopper'], via: { Assignment: 'shopper' } };
      const run = await runPlanned('SUPPORT', '{ assignments { id status checkIn { lat } } }', {}, null, via);
      expect(run.plan.source).toContain('shopper');
      expect(run.applied.subjects).toEqual(['shp-1']); // asg-1's check-in came back; asg-3's is null; asg-2 has no shopper
      expect(run.json).not.toContain('__pii_');
      expect(run.json).not.toContain('shp-');
      expect(shapeMismatch(run.data, run.reference)).toBe('');
      const without = await runPlanned('SUPPORT', '{ assignments { id status checkIn { lat } } }', {}, null, { types: ['Shopper'] });
      expect(without.applied.subjects).toEqual([]);
      const denied = await runPlanned('CLIENT', '{ assignments { id checkIn { lat } } }', {}, null, via);
      expect(denied.applied.subjects).toEqual([]);
    });

    it('reads the caller’s own `id` and `shopper { id }`, leaving the document as written and the ids in the response', async () => {
      const via = { types: ['Shopper'], via: { Assignment: 'shopper' } };
      const own = await runPlanned('SUPPORT', '{ shoppers { id email } }');
      expect(own.plan.unchanged).toBe(true);
      expect(own.plan.passThrough).toBe(false);
      expect(own.plan.source).not.toContain('__pii_');
      expect(own.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(own.data).toEqual(own.reference);

      const aliased = await runPlanned('SUPPORT', '{ shoppers { id: handle key: id email } }');
      expect(aliased.plan.unchanged).toBe(true);
      expect(aliased.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(aliased.data).toEqual(aliased.reference);

      const viaOwn = await runPlanned('ADMIN', '{ assignments { id checkIn { lat } who: shopper { sid: id } } }', {}, null, via);
      expect(viaOwn.plan.unchanged).toBe(true);
      expect(viaOwn.applied.subjects).toEqual(['shp-1']);
      expect(viaOwn.data).toEqual(viaOwn.reference);
    });

    it('adds its own id where the caller’s could be skipped, has arguments or sits in a fragment', async () => {
      const conditional = await runPlanned('SUPPORT', 'query Q($x: Boolean!) { shoppers { id @include(if: $x) email } }', { x: false });
      expect(conditional.plan.source).toContain('__pii_subject: id');
      expect(conditional.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(conditional.json).not.toContain('shp-');
      const inFragment = await runPlanned('SUPPORT', '{ shoppers { ... on Shopper { id } email } }');
      expect(inFragment.plan.source).toContain('__pii_subject: id');
      expect(inFragment.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(inFragment.json).not.toContain('__pii_');
      const via = { types: ['Shopper'], via: { Assignment: 'shopper' } };
      const viaConditional = await runPlanned('SUPPORT', 'query Q($x: Boolean!) { assignments { checkIn { lat } shopper @include(if: $x) { id } } }', { x: false }, null, via);
      expect(viaConditional.plan.source).toContain('__pii_subject_via: shopper');
      expect(viaConditional.applied.subjects).toEqual(['shp-1']);
      expect(viaConditional.json).not.toContain('shp-');
      expect(shapeMismatch(viaConditional.data, viaConditional.reference)).toBe('');
    });

    it('reads the caller’s id before a withheld field rebuilds the object', async () => {
      const run = await runPlanned('SUPPORT', '{ shoppers { ssn id email } }');
      expect(run.plan.source).not.toContain('__pii_subject');
      expect(run.applied.subjects.sort()).toEqual(['shp-1', 'shp-2']);
      expect(Object.keys(run.data.shoppers[0])).toEqual(['ssn', 'id', 'email']);
    });

    it('does not count a record whose PII list came back empty or all null', () => {
      const listSchema = buildSchema('type Query { shoppers: [Shopper!]! } type Shopper { id: ID! tags: [String] }');
      const listPlan = compilePrivacyPlan({
        schema: listSchema,
        document: parse('{ shoppers { id tags } }'),
        piiIndex: annotationIndex((type, field) => (`${type}.${field}` === 'Shopper.tags' ? { category: 'IDENTIFIERS', sensitive: false } : undefined)),
        decideField: () => ({ effect: 'allow', reason: 'CATEGORY_RULE', rule: 'test' }),
      });
      const data = { shoppers: [{ id: 'shp-1', tags: [] }, { id: 'shp-2', tags: [null] }, { id: 'shp-3', tags: ['a'] }, { id: 'shp-4', tags: null }] };
      expect(applyPrivacyPlan(data, listPlan, {}, createMaskFn().maskFn).subjects).toEqual(['shp-3']);
    });

    it('does not count a record whose PII came back null or was withheld', async () => {
      const run = await runPlanned('CLIENT', '{ shoppers { id email } }');
      expect(run.applied.subjects).toEqual([]);
    });
  });
});
