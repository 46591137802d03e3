/**
 * Test fixtures for the privacy planner (imported by its `*.test.ts` only): a schema with PII,
 * an index, a few roles' decision functions, data with recognisable secrets and resolvers
 * that record which fields were resolved, and a helper that plans, executes and applies.
 */
import {
  buildSchema,
  execute,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
} from 'graphql';
import type { Decision, DecisionReason, MaskStrategy, PiiAnnotation, PiiIndex } from '@confero/directives';
import {
  applyPrivacyPlan,
  compilePrivacyPlan,
  type ApplyPrivacyPlanResult,
  type DecideField,
  type PlanSubjectOptions,
  type PrivacyPlan,
} from './index.ts';

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

export interface MaskCall {
  strategy: string;
  coordinate: string;
}

/** Masks every leaf as `MASKED(strategy)` (a composite value keeps its shape). */
export function createMaskFn() {
  const calls: MaskCall[] = [];
  const maskLeaves = (value: unknown, strategy: string): unknown => {
    if (value === null) return null;
    if (Array.isArray(value)) return value.map((v) => maskLeaves(v, strategy));
    if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v, strategy)]));
    return `MASKED(${strategy})`;
  };
  const maskFn = (value: unknown, strategy: string, coordinate: string) => {
    calls.push({ strategy, coordinate });
    return maskLeaves(value, strategy);
  };
  return { maskFn, calls };
}

/** The schema coordinates (`Type.field`) a document selects, fragments included. */
export function selectedCoordinates(document: DocumentNode): Set<string> {
  const typeInfo = new TypeInfo(schema);
  const coordinates = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        coordinates.add(`${typeInfo.getParentType()?.name}.${node.name.value}`);
      },
    }),
  );
  return coordinates;
}

export interface PlannedRun {
  plan: PrivacyPlan;
  executed: ExecutionResult;
  applied: ApplyPrivacyPlanResult<unknown>;
  data: any;
  json: string;
  /** Coordinates of PII resolvers that ran (what a subgraph would have been asked for). */
  resolved: string[];
  mask: ReturnType<typeof createMaskFn>;
  /** The original document executed without any privacy planning (for shape comparisons). */
  reference: any;
}

/** Plans `query` for `role`, checks the pruned document is valid, executes it, applies the plan. */
export async function runPlanned(
  role: Role,
  query: string,
  variables: Record<string, unknown> = {},
  operationName: string | null = null,
  subjects?: PlanSubjectOptions,
): Promise<PlannedRun> {
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`test query is invalid: ${errors.map((e) => e.message).join('; ')}`);
  const plan = compilePrivacyPlan({ schema, document, operationName, piiIndex, decideField: roles[role], subjects });
  const prunedErrors = validate(schema, plan.document);
  if (prunedErrors.length) throw new Error(`pruned document is invalid: ${prunedErrors.map((e) => e.message).join('; ')}\n${plan.source}`);
  const world = createWorld();
  const executed = await execute({ schema, document: plan.document, rootValue: world.root, variableValues: variables, operationName });
  if (executed.errors?.length) throw new Error(`execution failed: ${executed.errors.map((e) => e.message).join('; ')}`);
  const mask = createMaskFn();
  const applied = applyPrivacyPlan(executed.data ?? null, plan, variables, mask.maskFn);
  const reference = await execute({ schema, document, rootValue: createWorld().root, variableValues: variables, operationName });
  return {
    plan,
    executed,
    applied,
    data: applied.data,
    json: JSON.stringify(applied.data),
    resolved: world.resolved,
    mask,
    reference: reference.data,
  };
}

/**
 * Asserts `actual` has the keys, key order and list lengths of `reference` wherever it is not
 * null (withheld values are null; masked values keep their shape). Returns the mismatch or ''.
 */
export function shapeMismatch(actual: unknown, reference: unknown, path = '$'): string {
  if (actual === null || reference === null || typeof reference !== 'object') return '';
  if (Array.isArray(reference)) {
    if (!Array.isArray(actual) || actual.length !== reference.length) return `${path}: list differs`;
    for (let i = 0; i < reference.length; i += 1) {
      const m = shapeMismatch(actual[i], reference[i], `${path}[${i}]`);
      if (m) return m;
    }
    return '';
  }
  if (typeof actual !== 'object' || Array.isArray(actual)) return `${path}: not an object`;
  const a = Object.keys(actual as object);
  const r = Object.keys(reference as object);
  if (a.join(',') !== r.join(',')) return `${path}: keys [${a.join(',')}] != [${r.join(',')}]`;
  for (const key of r) {
    const m = shapeMismatch((actual as Record<string, unknown>)[key], (reference as Record<string, unknown>)[key], `${path}.${key}`);
    if (m) return m;
  }
  return '';
}
