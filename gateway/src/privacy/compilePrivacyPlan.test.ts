import { createHash } from 'node:crypto';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyPrivacyPlan, compilePrivacyPlan, PrivacyPlanError, type DecideField } from './index.ts';
import { annotationIndex, piiIndex, roles, schema, type Role } from './testFixtures.ts';
import { runPlanned, selectedCoordinates } from './testRuns.ts';

function plan(role: Role, query: string, operationName: string | null = null, decideField: DecideField = roles[role]) {
  return compilePrivacyPlan({ schema, document: parse(query), operationName, piiIndex, decideField });
}

describe('compilePrivacyPlan', () => {
  describe('when the operation selects no PII', () => {
    it('comes out unchanged, with the same printed document and nothing to apply', () => {
      const query = 'query Stats { stats { shopperCount } opportunities { id label location { lat lng } } }';
      const p = plan('RESEARCH', query);
      expect(p.unchanged).toBe(true);
      expect(p.hasPii).toBe(false);
      expect(p.returnsPii).toBe(false);
      expect(p.source).toBe(print(parse(query)));
      expect(p.queryHash).toBe(createHash('sha256').update(p.source).digest('hex'));
      expect(p.root.groups).toEqual([]);
      expect(p.deniedRequested).toEqual([]);
    });
  });

  describe('when a field is denied', () => {
    it('removes it from the document and lists it as withheld and denied-requested', () => {
      const p = plan('SUPPORT', '{ shopper(id: "shp-1") { id email ssn dateOfBirth } }');
      expect(p.unchanged).toBe(false);
      expect(p.source).not.toMatch(/ssn|dateOfBirth/);
      expect(selectedCoordinates(p.document)).toEqual(new Set(['Query.shopper', 'Shopper.id', 'Shopper.email']));
      expect(p.withheld).toEqual([
        { path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', category: 'IDENTIFIERS', reason: 'SENSITIVE_NOT_GRANTED', rule: 'SUPPORT.sensitive' },
        { path: ['shopper', 'dateOfBirth'], coordinate: 'Shopper.dateOfBirth', category: 'PROTECTED_CLASSIFICATIONS', reason: 'CATEGORY_NOT_GRANTED', rule: 'SUPPORT.PROTECTED_CLASSIFICATIONS' },
      ]);
      expect(p.deniedRequested.map((d) => d.path.join('.'))).toEqual(['shopper.ssn', 'shopper.dateOfBirth']);
      expect(p.categories).toEqual(['IDENTIFIERS']);
      expect(p.returnedCoordinates).toEqual(['Shopper.email']);
      expect(p.hasPii).toBe(true);
      expect(p.returnsPii).toBe(true);
    });

    it('replaces a selection set emptied by pruning with an aliased __typename placeholder', () => {
      const p = plan('RESEARCH', '{ shopper(id: "shp-1") { email ssn } }');
      expect(p.source).toContain('__pii_typename: __typename');
      expect(p.source).not.toMatch(/email|ssn/);
      expect(p.executable).toBe(true);
      expect(p.returnsPii).toBe(false);
      expect(p.hasPii).toBe(true);
    });

    it('flags an operation whose every root field was removed as not executable', () => {
      const p = plan('RESEARCH', '{ me: shopper(id: "shp-1") { id } }', null, (() => ({ effect: 'deny', reason: 'X', rule: 'r' })) as unknown as DecideField);
      // Query.shopper is not PII: a decision function is only asked about annotated fields.
      expect(p.executable).toBe(true);
      const mutation = compilePrivacyPlan({
        schema,
        document: parse('mutation { updateShopperEmail(id: "shp-1", email: "a@b.c") { email } }'),
        piiIndex: annotationIndex((t, f) => (t === 'Mutation' && f === 'updateShopperEmail' ? { category: 'IDENTIFIERS', sensitive: false } : undefined)),
        decideField: roles.RESEARCH,
      });
      expect(mutation.executable).toBe(false);
      expect(mutation.source).toBe('mutation {\n  __pii_typename: __typename\n}');
      expect(mutation.deniedRequested).toEqual([{ path: ['updateShopperEmail'], coordinate: 'Mutation.updateShopperEmail', reason: 'PURPOSE_NOT_GRANTED' }]);
      expect(applyPrivacyPlan({}, mutation, {}, (v) => v).data).toEqual({ updateShopperEmail: null });
    });

    it('treats a decision that returns garbage as deny', () => {
      const p = plan('ADMIN', '{ shopper(id: "shp-1") { email } }', null, (() => ({ effect: 'maybe' })) as unknown as DecideField);
      expect(p.withheld.map((w) => [w.coordinate, w.reason])).toEqual([['Shopper.email', 'INVALID_DECISION']]);
    });
  });

  describe('when a composite field is PII', () => {
    it('makes everything below it follow its decision, under its coordinate and category', () => {
      const p = plan('GEO', '{ shopper(id: "shp-1") { homeLocation { lat lng } } }');
      expect(p.fieldDecisions.map((d) => [d.path.join('.'), d.coordinate, d.category, d.effect])).toEqual([
        ['shopper.homeLocation', 'Shopper.homeLocation', 'GEOLOCATION', 'allow'],
        ['shopper.homeLocation.lat', 'Shopper.homeLocation', 'GEOLOCATION', 'allow'],
        ['shopper.homeLocation.lng', 'Shopper.homeLocation', 'GEOLOCATION', 'allow'],
      ]);
      expect(plan('CLIENT', '{ shopper(id: "shp-1") { homeLocation { lat lng } } }').source).not.toContain('homeLocation');
    });

    it('plans a named fragment separately in each place it is spread', () => {
      const p = plan(
        'CLIENT',
        `{ shopper(id: "shp-1") { homeLocation { ...Coords } } opportunities { location { ...Coords } } }
         fragment Coords on GeoPoint { lat lng }`,
      );
      expect(p.source).not.toContain('fragment');
      expect(p.source).toMatch(/location \{\s*\.\.\. on GeoPoint \{\s*lat\s*lng\s*\}/);
      expect(p.source).not.toContain('homeLocation');
    });

    it('masks the composite as a whole and does not mask what merely inherits below it', () => {
      const p = plan('SUPPORT', '{ shopper(id: "shp-1") { homeLocation { lat lng } } }');
      expect(p.masked).toEqual([
        { path: ['shopper', 'homeLocation'], coordinate: 'Shopper.homeLocation', category: 'GEOLOCATION', strategy: 'generalize', rule: 'SUPPORT.GEOLOCATION(Shopper.homeLocation)' },
      ]);
      expect(p.source).toContain('lng');
    });
  });

  describe('when a field is selected on an interface', () => {
    it('takes the strictest decision over the implementing types', () => {
      const p = plan('CLIENT', '{ nodes { id label } }');
      expect(p.masked.map((m) => [m.path.join('.'), m.coordinate, m.strategy])).toEqual([['nodes.label', 'Shopper.label', 'initials']]);
      const denied = plan('RESEARCH', '{ nodes { id label ... on Client { label } } }');
      expect(denied.withheld.map((w) => w.coordinate)).toEqual(['Shopper.label']);
      expect(selectedCoordinates(denied.document)).toEqual(new Set(['Query.nodes', 'Node.id', 'Client.label', 'Node.__typename']));
    });

    it('only considers the implementing types the enclosing fragments allow', () => {
      const p = plan('RESEARCH', '{ nodes { ... on Client { ... on Node { label } } } }');
      expect(p.unchanged).toBe(true);
      expect(p.hasPii).toBe(false);
    });
  });

  describe('when type conditions decide', () => {
    it('adds __pii_typename to that selection set and keys the plan by type', () => {
      const p = plan('CLIENT', '{ search(text: "x") { ... on Shopper { name: email } ... on Client { name: label } } }');
      expect(p.source).toMatch(/search\(text: "x"\) \{\s*\.\.\. on Client \{\s*name: label\s*\}\s*__pii_typename: __typename\s*\}/);
      const search = p.root.groups[0].fields[0];
      expect(search.action).toBe('descend');
      if (search.action !== 'descend') return;
      const [group] = search.children.groups;
      expect(group.responseKey).toBe('name');
      expect(group.fields.map((f) => [f.action, [...(f.typeCondition ?? [])]])).toEqual([['withhold', ['Shopper']]]);
      expect(search.children.stripTypename).toBe(true);
    });

    it('picks a key nobody uses when the caller aliases __pii_typename', () => {
      const p = plan('CLIENT', '{ search(text: "x") { __pii_typename: __typename ... on Shopper { email } } }');
      expect(p.typenameKey).toBe('__pii_typename_2');
      expect(p.source).toContain('__pii_typename_2: __typename');
    });
  });

  describe('when a decision has a consent condition', () => {
    it('fetches the field (the subgraph decides with the record) and changes nothing', () => {
      const p = plan('PARTNER', '{ shopper(id: "shp-1") { label email phone } }');
      expect(p.withheld).toEqual([]);
      expect(p.masked).toEqual([]);
      expect(selectedCoordinates(p.document)).toContain('Shopper.email');
      expect(p.fieldDecisions.find((d) => d.coordinate === 'Shopper.email')?.condition).toEqual({ consent: 'partnerReferral' });
      expect(p.allowedCount).toBe(3);
    });
  });

  describe('queryHash', () => {
    const query = '{ shoppers { id label email ssn homeLocation { lat } } }';

    it('is the sha256 of the printed pruned document', () => {
      const p = plan('SUPPORT', query);
      expect(p.queryHash).toBe(createHash('sha256').update(p.source).digest('hex'));
    });

    it('differs between roles whose pruning differs and is equal where it is the same', () => {
      const hashes = Object.fromEntries((['ADMIN', 'SUPPORT', 'SUPPORT_TWIN', 'CLIENT', 'RESEARCH'] as const).map((r) => [r, plan(r, query).queryHash]));
      expect(hashes.SUPPORT).toBe(hashes.SUPPORT_TWIN);
      expect(new Set([hashes.ADMIN, hashes.SUPPORT, hashes.CLIENT, hashes.RESEARCH]).size).toBe(4);
      expect(plan('CLIENT', query).queryHash).toBe(hashes.CLIENT);
    });
  });

  describe('mutations and subscriptions', () => {
    it('plans a mutation like a query', async () => {
      const run = await runPlanned('CLIENT', 'mutation Change { updateShopperEmail(id: "shp-1", email: "x@y.z") { id email label } }', {}, 'Change');
      expect(run.plan.operationType).toBe('mutation');
      expect(selectedCoordinates(run.plan.document)).not.toContain('Shopper.email');
      expect(run.data).toEqual({ updateShopperEmail: { id: 'shp-1', email: null, label: 'MASKED(initials)' } });
    });

    it('plans a subscription like a query', () => {
      const p = plan('RESEARCH', 'subscription { shopperUpdated { id ssn } }');
      expect(p.operationType).toBe('subscription');
      expect(p.source).toBe('subscription {\n  shopperUpdated {\n    id\n  }\n}');
      expect(p.deniedRequested).toEqual([{ path: ['shopperUpdated', 'ssn'], coordinate: 'Shopper.ssn', reason: 'PURPOSE_NOT_GRANTED' }]);
    });
  });

  describe('the pruned document', () => {
    it('keeps only the selected operation and the variables still used', () => {
      const p = plan(
        'SUPPORT',
        `query A($id: ID!, $yes: Boolean = true, $dob: Boolean!) { shopper(id: $id) { email @include(if: $yes) dateOfBirth @include(if: $dob) } }
         query B { stats { shopperCount } }`,
        'A',
      );
      expect(p.source).toMatch(/^query A\(\$id: ID!, \$yes: Boolean = true\) \{/);
      expect(p.source).toContain('email @include(if: $yes)');
      expect(p.source).not.toContain('query B');
    });

    it('fetches the id of records whose PII is returned, for audit', () => {
      const p = plan('SUPPORT', '{ shoppers { email } nodes { label } stats { shopperCount } }');
      expect(p.source).toMatch(/shoppers \{\s*email\s*__pii_subject: id\s*\}/);
      expect(p.source).toMatch(/nodes \{\s*label\s*\.\.\. on Shopper \{\s*__pii_subject: id\s*\}\s*__pii_typename: __typename\s*\}/);
      const off = compilePrivacyPlan({ schema, document: parse('{ shoppers { email } }'), piiIndex, decideField: roles.SUPPORT, subjects: false });
      expect(off.unchanged).toBe(true);
      const clientsOnly = compilePrivacyPlan({ schema, document: parse('{ nodes { label } }'), piiIndex, decideField: roles.SUPPORT, subjects: { types: ['Client'] } });
      expect(clientsOnly.unchanged).toBe(true);
    });
  });

  describe('when the document cannot be planned', () => {
    it('refuses an unknown operation name', () => {
      expect(() => plan('ADMIN', 'query A { stats { shopperCount } }', 'B')).toThrow(PrivacyPlanError);
      expect(() => plan('ADMIN', 'query A { stats { shopperCount } }', 'B')).toThrow(expect.objectContaining({ code: 'PII_PLAN_NO_OPERATION' }));
    });

    it('refuses a fragment bomb instead of expanding it', () => {
      const levels = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Shopper { a${i}: handle ...F${i + 1} b${i}: handle ...F${i + 1} }`);
      const query = `{ shoppers { ...F0 } } ${levels.join(' ')} fragment F20 on Shopper { id }`;
      expect(() => plan('ADMIN', query)).toThrow(expect.objectContaining({ code: 'PII_PLAN_TOO_LARGE' }));
    });

    it('stays linear for a large, flat operation', () => {
      const fields = Array.from({ length: 2000 }, (_, i) => `s${i}: shopper(id: "shp-1") { id email ssn homeLocation { lat } }`).join(' ');
      const started = performance.now();
      const p = plan('SUPPORT', `{ ${fields} }`);
      expect(p.withheld).toHaveLength(2000);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
});
