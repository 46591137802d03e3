/**
 * Operations written to smuggle a denied field past the planner (aliases, fragments, interfaces,
 * unions, directives, `__typename`, the planner's own keys), checked end to end: plan, execute
 * the pruned document with graphql-js, apply the plan, and look for the field everywhere.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from './testFixtures.ts';
import { runPlanned, selectedCoordinates, shapeMismatch } from './testRuns.ts';

interface Attack {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const attacks: Attack[] = [
  { name: 'the same field under several aliases', query: '{ shopper(id: "shp-1") { a: email b: email email c: ssn handle } }' },
  { name: 'a named fragment', query: '{ shopper(id: "shp-1") { id ...F } } fragment F on Shopper { email ssn }' },
  {
    name: 'fragments nested in fragments and inline fragments',
    query: `{ shoppers { ...A } }
      fragment A on Shopper { handle ...B }
      fragment B on Shopper { ... on Shopper { contact: email ...C } }
      fragment C on Shopper { phone dateOfBirth }`,
  },
  { name: 'an inline fragment on an interface', query: '{ nodes { ... on Node { id label } ... on Shopper { ssn } } }' },
  { name: 'a union member', query: '{ search(text: "a") { ... on Shopper { email homeLocation { lat } } ... on Client { label } } }' },
  { name: 'an interface fragment spread into a union', query: '{ search(text: "a") { ...NodeBits } } fragment NodeBits on Node { id label ... on Shopper { email } }' },
  {
    name: '__typename aliased as the field and beside it',
    query: '{ node(id: "shp-1") { __typename email: __typename ... on Shopper { __typename ssn x: __typename } } }',
  },
  {
    name: '@include/@skip driven by variables, on fields and spreads',
    query: `query Q($yes: Boolean!, $no: Boolean!, $id: ID!) {
        shopper(id: $id) { email @include(if: $yes) ssn @skip(if: $no) ...F @include(if: $yes) ... @skip(if: $no) { dateOfBirth } }
      }
      fragment F on Shopper { phone }`,
    variables: { yes: true, no: false, id: 'shp-2' },
  },
  {
    name: 'nested entities through a fragment',
    query: `{ assignments { status shopper { ...ShopperContact } opportunity { label location { lat lng } } } }
      fragment ShopperContact on Shopper { email phone homeLocation { lat } }`,
  },
  {
    name: 'one field selected twice, the PII half in the second selection',
    query: '{ shopper(id: "shp-1") { handle } shopper(id: "shp-1") { email } s2: shopper(id: "shp-2") { ... on Shopper { ssn } } }',
  },
  { name: 'inline fragments without a type condition', query: '{ shopper(id: "shp-1") { ... { email ... @include(if: true) { ssn } } } }' },
  {
    name: 'aliases that take the planner’s own response keys',
    query: '{ search(text: "a") { __pii_typename: __typename ... on Shopper { __pii_subject: id e: email } ... on Client { e: label } } }',
  },
  {
    name: 'interface fragments nested in concrete ones',
    query: '{ nodes { ... on Client { ... on Node { label } } ... on Shopper { ... on Node { label } } } }',
  },
  { name: 'lists of lists', query: '{ shopperGrid { ... on Node { label } email } }' },
  {
    name: 'the same response key for different fields of different types',
    query: '{ search(text: "a") { ... on Shopper { x: email } ... on Client { x: label } ... on Opportunity { x: label } } }',
  },
  { name: 'a mutation selecting through a fragment', query: 'mutation { updateShopperEmail(id: "shp-1", email: "new") { ...F } } fragment F on Shopper { email ssn }' },
  {
    name: 'introspection beside PII, sharing a fragment',
    query: '{ __type(name: "Shopper") { ...T } shopper(id: "shp-1") { email } } fragment T on __Type { name fields { name } }',
  },
];

/** What each role must never fetch or return. */
const forbidden: Record<'CLIENT' | 'RESEARCH' | 'SUPPORT', { coordinates: string[]; resolvers: RegExp; values: string[] }> = {
  CLIENT: {
    coordinates: ['Shopper.email', 'Shopper.phone', 'Shopper.ssn', 'Shopper.dateOfBirth', 'Shopper.homeLocation'],
    resolvers: /^Shopper\.(email|phone|ssn|dateOfBirth|homeLocation)/,
    values: ['SECRET-', '11.1111', '22.2222', '33.3333', '44.4444'],
  },
  RESEARCH: {
    coordinates: ['Shopper.label', 'Shopper.email', 'Shopper.phone', 'Shopper.ssn', 'Shopper.dateOfBirth', 'Shopper.homeLocation'],
    resolvers: /^Shopper\./,
    values: ['SECRET-', '11.1111', '22.2222', '33.3333', '44.4444'],
  },
  SUPPORT: {
    coordinates: ['Shopper.ssn', 'Shopper.dateOfBirth'],
    resolvers: /^Shopper\.(ssn|dateOfBirth)/,
    values: ['SECRET-SSN', 'SECRET-DOB', '11.1111', '22.2222', '33.3333', '44.4444'],
  },
};

describe('the privacy planner against smuggling', () => {
  for (const role of Object.keys(forbidden) as Array<keyof typeof forbidden & Role>) {
    describe(`when the caller is ${role}`, () => {
      it.each(attacks)('withholds through $name', async ({ query, variables, operationName }) => {
        const run = await runPlanned(role, query, variables, operationName ?? null);
        const rules = forbidden[role];

        const selected = selectedCoordinates(run.plan.document);
        for (const coordinate of rules.coordinates) expect(selected).not.toContain(coordinate);
        expect(run.resolved.filter((c) => rules.resolvers.test(c))).toEqual([]);
        for (const value of rules.values) expect(run.json).not.toContain(value);

        expect(shapeMismatch(run.data, run.reference)).toBe('');
        expect(run.json.replace(/"__pii_(typename|subject)":/g, '')).not.toContain('__pii_');
        if (!run.plan.unchanged) expect(run.plan.source).not.toMatch(/fragment |\.\.\.\s*(?!on\b)[A-Za-z_]/);
      });
    });
  }

  it('keeps the caller’s own keys that look like the planner’s', async () => {
    const run = await runPlanned('CLIENT', attacks[11].query);
    expect(run.data).toEqual({
      search: [
        { __pii_typename: 'Client', e: 'Acme Stores' },
        { __pii_typename: 'Shopper', __pii_subject: 'shp-1', e: null },
        { __pii_typename: 'Opportunity' },
        { __pii_typename: 'Shopper', __pii_subject: 'shp-2', e: null },
      ],
    });
  });

  it('lets an entitled caller see what another is denied, from the same operation', async () => {
    const query = attacks[2].query;
    const admin = await runPlanned('ADMIN', query);
    const client = await runPlanned('CLIENT', query);
    expect(admin.json).toContain('SECRET-EMAIL-1');
    expect(admin.json).toContain('SECRET-DOB-2');
    expect(client.json).not.toContain('SECRET-');
    expect(admin.plan.queryHash).not.toBe(client.plan.queryHash);
    expect(client.data).toEqual({
      shoppers: [
        { handle: 'handle-1', contact: null, phone: null, dateOfBirth: null },
        { handle: 'handle-2', contact: null, phone: null, dateOfBirth: null },
      ],
    });
  });
});
