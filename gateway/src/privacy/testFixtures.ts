/**
 * Test fixtures for the privacy planner (imported by its `*.test.ts` only): a schema with PII,
 * an index, a few roles' decision functions, and data with recognisable secrets and resolvers
 * that record which fields were resolved (`testRuns.ts` plans, executes and applies over them).
 */
import { buildSchema } from 'graphql';
import type { Decision, DecisionReason, MaskStrategy, PiiAnnotation, PiiIndex } from '@confero/directives';
import type { DecideField } from './index.ts';

export const schema = buildSchema(/* GraphQL */ `
  interface Node {
    id: ID!
    label: String
  }
  union SearchResult = Shopper | Client | Opportunity

  type Query {
    shopper(id: ID!): Shopper
    shoppers: [Shopper!]!
    node(id: ID!): Node
    nodes: [Node!]!
    search(text: String!): [SearchResult!]!
    assignments: [Assignment!]!
    shopperGrid: [[Shopper]]
    opportunities: [Opportunity!]!
    stats: Stats!
  }
  type Mutation {
    updateShopperEmail(id: ID!, email: String!): Shopper
  }
  type Subscription {
    shopperUpdated: Shopper
  }
  type Shopper implements Node {
    id: ID!
    label: String
    handle: String
    email: String
    phone: String
    ssn: String
    dateOfBirth: String
    homeLocation: GeoPoint
    rating: Float
    languages: [String!]!
  }
  type GeoPoint {
    lat: Float
    lng: Float
  }
  type Client implements Node {
    id: ID!
    label: String
    industry: String
  }
  type Opportunity implements Node {
    id: ID!
    label: String
    location: GeoPoint
    payout: Float
  }
  type Assignment {
    id: ID!
    status: String
    checkIn: GeoPoint
    opportunity: Opportunity
    shopper: Shopper
  }
  type Stats {
    shopperCount: Int!
  }
`);

const annotations = new Map<string, PiiAnnotation>([
  ['Shopper.label', { category: 'IDENTIFIERS', sensitive: false }],
  ['Shopper.email', { category: 'IDENTIFIERS', sensitive: false }],
  ['Shopper.phone', { category: 'IDENTIFIERS', sensitive: false }],
  ['Shopper.ssn', { category: 'IDENTIFIERS', purposes: ['LEGAL_COMPLIANCE'], sensitive: true }],
  ['Shopper.dateOfBirth', { category: 'PROTECTED_CLASSIFICATIONS', sensitive: false }],
  ['Shopper.homeLocation', { category: 'GEOLOCATION', sensitive: true }],
  ['Assignment.checkIn', { category: 'GEOLOCATION', sensitive: false }],
]);

/** A `PiiIndex` that knows annotations only (no reads, no keys): what most planner tests need. */
export function annotationIndex(fieldAnnotation: PiiIndex['fieldAnnotation']): PiiIndex {
  return {
    version: 'test',
    fieldAnnotation,
    typeAnnotation: () => undefined,
    fields: () => [],
    argumentReads: () => undefined,
    inputFieldReads: () => undefined,
    fieldReads: () => undefined,
    reads: () => [],
    isKeyField: () => false,
    hasField: () => false,
    shape: { fieldType: () => undefined, kindOf: () => undefined, fieldsOf: () => [], possibleTypes: () => [] },
  };
}

export const piiIndex: PiiIndex = annotationIndex((typeName, fieldName) => annotations.get(`${typeName}.${fieldName}`));

const allow = (rule: string): Decision => ({ effect: 'allow', reason: 'CATEGORY_RULE', rule });
const deny = (rule: string, reason: DecisionReason = 'CATEGORY_NOT_GRANTED'): Decision => ({ effect: 'deny', reason, rule });
const mask = (strategy: MaskStrategy, rule: string): Decision => ({ effect: 'mask', strategy, reason: 'CATEGORY_RULE', rule });

/** A support agent: identifiers yes, SSN and protected classes no, locations generalized. */
const support: DecideField = (a, coordinate) => {
  if (a.category === 'GEOLOCATION') return mask('generalize', `SUPPORT.GEOLOCATION(${coordinate})`);
  if (a.category === 'PROTECTED_CLASSIFICATIONS') return deny('SUPPORT.PROTECTED_CLASSIFICATIONS');
  if (a.sensitive) return deny('SUPPORT.sensitive', 'SENSITIVE_NOT_GRANTED');
  return allow('SUPPORT.IDENTIFIERS');
};

export const roles = {
  ADMIN: (() => allow('ADMIN.*')) as DecideField,
  SUPPORT: support,
  /** Another role that decides exactly as SUPPORT (same pruning, so the same queryHash). */
  SUPPORT_TWIN: ((a, c) => support(a, c)) as DecideField,
  /** A client dashboard: shopper names as initials, nothing else personal. */
  CLIENT: ((a, coordinate) => (coordinate === 'Shopper.label' ? mask('initials', 'CLIENT.fields["Shopper.label"]') : deny(`CLIENT.${a.category}`))) as DecideField,
  RESEARCH: ((a) => deny(`RESEARCH.${a.category}`, 'PURPOSE_NOT_GRANTED')) as DecideField,
  /** A friendly competitor: names; email and phone only where the shopper consented. */
  PARTNER: ((a, coordinate) => {
    if (coordinate === 'Shopper.label') return allow('PARTNER.fields["Shopper.label"]');
    if (coordinate === 'Shopper.email' || coordinate === 'Shopper.phone') {
      return { effect: 'allow', reason: 'CONSENT_REQUIRED', rule: `PARTNER.fields["${coordinate}"]`, condition: { consent: 'partnerReferral' } };
    }
    return deny(`PARTNER.${a.category}`);
  }) as DecideField,
  /** Locations only. */
  GEO: ((a) => (a.category === 'GEOLOCATION' ? allow('GEO.GEOLOCATION') : deny(`GEO.${a.category}`))) as DecideField,
} satisfies Record<string, DecideField>;
export type Role = keyof typeof roles;

/** Every raw PII value in the data, for leak scans. */
export const SECRETS = ['SECRET-', '11.1111', '22.2222', '33.3333', '44.4444', '55.5555', '66.6666'];

/** The data, fresh per call: PII fields are functions that record that they were resolved. */
export function createWorld() {
  const resolved: string[] = [];
  const pii = (coordinate: string, value: unknown) => () => {
    resolved.push(coordinate);
    return value;
  };
  const point = (owner: string, lat: number, lng: number) => ({ lat: pii(`${owner}.lat`, lat), lng: pii(`${owner}.lng`, lng) });
  const shopper = (n: number, lat: number, lng: number) => ({
    __typename: 'Shopper',
    id: `shp-${n}`,
    handle: `handle-${n}`,
    label: pii('Shopper.label', `SECRET-NAME-${n}`),
    email: pii('Shopper.email', `SECRET-EMAIL-${n}`),
    phone: pii('Shopper.phone', `SECRET-PHONE-${n}`),
    ssn: pii('Shopper.ssn', `SECRET-SSN-${n}`),
    dateOfBirth: pii('Shopper.dateOfBirth', `SECRET-DOB-${n}`),
    homeLocation: pii('Shopper.homeLocation', point('Shopper.homeLocation', lat, lng)),
    rating: 4 + n / 10,
    languages: ['en', 'fr'],
  });
  const s1 = shopper(1, 11.1111, 22.2222);
  const s2 = shopper(2, 33.3333, 44.4444);
  const client = { __typename: 'Client', id: 'cli-1', label: 'Acme Stores', industry: 'retail' };
  const opportunity = { __typename: 'Opportunity', id: 'opp-1', label: 'Store audit', location: point('Opportunity.location', 50.5, 60.6), payout: 25 };
  const byId = new Map<string, object>([
    ['shp-1', s1],
    ['shp-2', s2],
    ['cli-1', client],
    ['opp-1', opportunity],
  ]);
  const root = {
    shopper: ({ id }: { id: string }) => byId.get(id) ?? null,
    shoppers: () => [s1, s2],
    node: ({ id }: { id: string }) => byId.get(id) ?? null,
    nodes: () => [s1, client, opportunity, s2],
    search: () => [client, s1, opportunity, s2],
    assignments: () => [
      { id: 'asg-1', status: 'DONE', checkIn: pii('Assignment.checkIn', point('Assignment.checkIn', 55.5555, 66.6666)), opportunity, shopper: s1 },
      { id: 'asg-2', status: 'OPEN', checkIn: null, opportunity, shopper: null },
      { id: 'asg-3', status: 'OPEN', checkIn: null, opportunity, shopper: s2 },
    ],
    shopperGrid: () => [[s1, null], [], [s2]],
    opportunities: () => [opportunity],
    stats: () => ({ shopperCount: 2 }),
    updateShopperEmail: ({ id }: { id: string }) => byId.get(id) ?? null,
    shopperUpdated: () => s2,
  };
  return { root, resolved };
}
