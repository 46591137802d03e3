import { decide, decideRead, decideUntagged, loadPolicy, piiDirectiveSdl, readPiiAnnotations } from '@confero/directives';
import { referencePolicyDocument } from '@confero/testing';
import { buildASTSchema, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyPrivacyPlan, checkArguments, compilePrivacyPlan } from './index.ts';

// The planner beyond values: arguments that read fields, fields whose records other fields
// choose, closed-world roles, and what the audit learns of the records that came back.

const VOCABULARY = { categories: ['IDENTIFIERS', 'GEOLOCATION', 'PROFESSIONAL'], purposes: ['SERVICES', 'OPPORTUNITY_MATCHING', 'PARTNER_REFERRAL'] };
const SDL = `${piiDirectiveSdl(VOCABULARY)}
  directive @key(fields: String!) repeatable on OBJECT
  type Query {
    shoppers(filter: ShopperFilter, near: String @piiReads(fields: ["Shopper.home"])): [Shopper!]!
    shopper(id: ID!): Shopper
    ranked: [Shopper!] @pii(category: PROFESSIONAL) @piiReads(fields: ["Shopper.rating"])
    stats: Int
  }
  input ShopperFilter {
    region: String @piiReads(fields: ["Shopper.address", "Address.region"])
    name: String @piiReads(fields: ["Shopper.name"])
  }
  type Shopper @key(fields: "id") {
    id: ID!
    name: String @pii(category: IDENTIFIERS)
    address: Address @pii(category: IDENTIFIERS)
    home: String @pii(category: GEOLOCATION)
    rating: Float @pii(category: PROFESSIONAL)
    tier: String
  }
  type Address { region: String city: String }
`;
const schema = buildASTSchema(parse(SDL));
const piiIndex = readPiiAnnotations(SDL);

const loaded = loadPolicy(referencePolicyDocument({
  version: 'v1',
  roles: {
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow', GEOLOCATION: 'mask:generalize', PROFESSIONAL: 'deny' }, fields: { 'Query.ranked': 'allow' } }] },
    OPERATIONS: { scope: 'all', grants: [{ purposes: ['OPPORTUNITY_MATCHING'], categories: { PROFESSIONAL: 'allow', IDENTIFIERS: 'allow' } }] },
    PARTNER: {
      scope: 'partner',
      closedWorld: true,
      grants: [{ purposes: ['PARTNER_REFERRAL'], fields: { 'Query.shoppers': 'allow', 'Shopper.name': 'allow', 'Shopper.address': 'allow' } }],
    },
  },
}));
if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
const policy = loaded.policy;

function plan(role: string, purpose: string, query: string) {
  const caller = { role, purpose };
  return compilePrivacyPlan({
    schema,
    document: parse(query),
    piiIndex,
    decideField: (annotation, coordinate) => decide(policy, { ...caller, annotation, coordinate }),
    decideUntagged: (coordinate, isKey) => decideUntagged(policy, { ...caller, coordinate, isKey }),
    decideRead: (coordinate) => decideRead(policy, caller, piiIndex, coordinate),
    subjects: { types: ['Shopper'] },
  });
}

describe('arguments that read fields', () => {
  it('refuses a read the caller does not get in full, and permits one it does', () => {
    const support = plan('SUPPORT', 'SERVICES', '{ shoppers(filter: { region: "MI" }, near: "x") { id } }');
    const check = checkArguments(support, {});
    expect(check.refused.map((r) => [r.argument, r.reads, r.effect])).toEqual([['Query.shoppers(near:)', 'Shopper.home', 'mask']]);
    expect(check.reads.filter((r) => r.permitted).map((r) => r.reads)).toEqual(['Shopper.address', 'Address.region']);
  });

  it('reads variables, the operation’s variable defaults and input defaults, and nothing from null', () => {
    const ops = plan('SUPPORT', 'SERVICES', 'query ($f: ShopperFilter = { name: "x" }, $n: String) { shoppers(filter: $f, near: $n) { id } }');
    expect(checkArguments(ops, {}).reads.map((r) => r.argument)).toEqual(['ShopperFilter.name']);
    expect(checkArguments(ops, { f: null, n: null }).reads).toEqual([]);
    expect(checkArguments(ops, { n: 'here' }).refused.map((r) => r.argument)).toEqual(['Query.shoppers(near:)']);
  });

  it('leaves alone a field the response leaves out (@skip) or the caller is not given', () => {
    expect(checkArguments(plan('SUPPORT', 'SERVICES', '{ shoppers(near: "x") @skip(if: true) { id } stats }'), {}).reads).toEqual([]);
    expect(checkArguments(plan('PARTNER', 'PARTNER_REFERRAL', '{ shoppers(near: "x") { id } }'), {}).refused.map((r) => [r.reads, r.reason])).toEqual([['Shopper.home', 'CLOSED_WORLD']]);
  });

  it('makes the records the argument chose data subjects, only when it read something', () => {
    const planned = plan('SUPPORT', 'SERVICES', 'query ($f: ShopperFilter) { shoppers(filter: $f) { tier } }');
    expect(planned.hasPii).toBe(true);
    const data = () => ({ shoppers: [{ tier: 'gold', __pii_subject: 's1' }, { tier: null, __pii_subject: 's2' }] });
    const mask = (v: unknown) => v;
    const used = checkArguments(planned, { f: { region: 'MI' } });
    expect(applyPrivacyPlan(data(), planned, { f: { region: 'MI' } }, mask, { sitesUsed: used.sitesUsed }).subjects).toEqual(['s1', 's2']);
    expect(applyPrivacyPlan(data(), planned, {}, mask, { sitesUsed: checkArguments(planned, {}).sitesUsed }).subjects).toEqual([]);
    expect(print(planned.document)).toContain('__pii_subject: id');
  });
});

describe('a field whose records other fields choose (@piiReads on the field)', () => {
  it('is withheld where the caller may not read what chooses them in full', () => {
    const support = plan('SUPPORT', 'SERVICES', '{ ranked { id } }');
    expect(support.withheld).toEqual([expect.objectContaining({ coordinate: 'Query.ranked', reason: 'READ_NOT_PERMITTED' })]);
    const operations = plan('OPERATIONS', 'OPPORTUNITY_MATCHING', '{ ranked { id } }');
    expect(operations.withheld).toEqual([]);
  });

  it('names every record it returns as a data subject, whatever is selected of them', () => {
    const planned = plan('OPERATIONS', 'OPPORTUNITY_MATCHING', '{ ranked { id } }');
    const applied = applyPrivacyPlan({ ranked: [{ id: 's7' }, { id: 's8' }] }, planned, {}, (v) => v);
    expect(applied.subjects).toEqual(['s7', 's8']);
    expect(applied.returned).toEqual(['Query.ranked']);
  });
});

describe('a closed-world role', () => {
  it('gets the fields its grant names and the keys, and nothing else, tagged or not', () => {
    const planned = plan('PARTNER', 'PARTNER_REFERRAL', '{ shoppers { id name tier rating address { region city } } stats }');
    expect(planned.withheld.map((w) => `${w.coordinate} ${w.reason}`).sort()).toEqual(['Query.stats CLOSED_WORLD', 'Shopper.rating CLOSED_WORLD', 'Shopper.tier CLOSED_WORLD']);
    expect(print(planned.document)).not.toMatch(/\btier\b|\bstats\b|\brating\b/);
    // Below a @pii field it was given, the fields without @pii follow that field's decision.
    expect(print(planned.document)).toContain('address {');
    expect(planned.deniedRequested.find((d) => d.coordinate === 'Query.stats')).not.toHaveProperty('nonNull');
  });

  it('is refused a list outside its world that cannot come back null', () => {
    const planned = plan('PARTNER', 'PARTNER_REFERRAL', '{ shoppers { id } }');
    expect(planned.deniedRequested).toEqual([]);
    const outside = plan('PARTNER', 'OPPORTUNITY_MATCHING', '{ shoppers { id } }');
    expect(outside.deniedRequested).toEqual([expect.objectContaining({ coordinate: 'Query.shoppers', nonNull: true })]);
  });
});

describe('what the audit learns', () => {
  it('lists the fields that came back with data, not those a record rule nulled', () => {
    const planned = plan('SUPPORT', 'SERVICES', '{ shopper(id: "s1") { id name address { city } } }');
    const applied = applyPrivacyPlan({ shopper: { id: 's1', name: 'A', address: null } }, planned, {}, (v) => v);
    expect(applied.returned).toEqual(['Shopper.name']);
    expect(applied.categories).toEqual(['IDENTIFIERS']);
    expect(applied.subjects).toEqual(['s1']);
  });
});
