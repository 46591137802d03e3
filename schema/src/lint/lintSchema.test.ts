import { FEDERATION_SPEC_URL, loadPolicy, loadPolicyFile, piiDirectiveSdl, PII_SPEC_URL, subgraphSchemaHeader, type CompiledPolicy } from '@confero/directives';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { lintSchema } from './index.ts';
import { POLICY_PATH, referenceSubgraphs } from '../index.ts';
import type { SubgraphDefinition } from '../composeSupergraph.ts';

/** The vocabulary of the test policies (a made-up deployment's, with a few of the reference's names). */
const VOCABULARY = {
  categories: { IDENTIFIERS: { description: 'Names.' }, PROTECTED_CLASSIFICATIONS: { description: 'Gender.' } },
  purposes: { SERVICES: { description: 'Serving.' }, AUDITING: { description: 'Auditing.' }, DEBUGGING: { description: 'Debugging.' } },
};
const PII_SDL = piiDirectiveSdl({ categories: Object.keys(VOCABULARY.categories), purposes: Object.keys(VOCABULARY.purposes) });

/** A subgraph with the standard header (federation + `@pii`, composed) and the `@pii` SDL of the test vocabulary. */
function subgraph(name: string, sdl: string, header = subgraphSchemaHeader(['@key', '@shareable']) + PII_SDL): SubgraphDefinition {
  return { name, url: `http://127.0.0.1:1/${name}`, typeDefs: parse(header + sdl) };
}

function policy(document: { version: string; roles: Record<string, Record<string, unknown>> }): CompiledPolicy {
  const roles = Object.fromEntries(Object.entries(document.roles).map(([name, role]) => [name, { description: name, ...role }]));
  const loaded = loadPolicy({ ...VOCABULARY, ...document, roles });
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  return loaded.policy;
}

/** A policy that grants SUPPORT the SERVICES purpose only. */
const SMALL_POLICY = policy({
  version: 'test-1',
  roles: { SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' } }] } },
});

const rules = (subgraphs: SubgraphDefinition[], p = SMALL_POLICY, notPersonal?: Record<string, string>) =>
  lintSchema(subgraphs, p, { notPersonal }).problems.map((problem) => [problem.rule, problem.coordinate ?? null]);

describe('lintSchema', () => {
  describe('on the reference subgraphs', () => {
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));

    it('finds nothing (what `npm run lint:schema` checks)', () => {
      expect(lintSchema(referenceSubgraphs(), loaded.policy).problems).toEqual([]);
    });

    it('flags the store’s street and location once Opportunity.store is no longer declared not personal, naming how they are reached', () => {
      const subgraphs = referenceSubgraphs().map((s) =>
        s.name !== 'opportunity' ? s : { ...s, typeDefs: parse(print(s.typeDefs).replace(/store: Store! @notPersonal\(reason: "[^"]*"\)/, 'store: Store!')) },
      );
      const { problems } = lintSchema(subgraphs, loaded.policy);
      expect(problems.map((p) => p.coordinate).sort()).toEqual(['Opportunity.store', 'Store.location', 'Store.street']);
      const street = problems.find((p) => p.coordinate === 'Store.street')!;
      expect(street).toMatchObject({ rule: 'pii-missing', subgraph: 'shopper, opportunity' });
      expect(problems.find((p) => p.coordinate === 'Opportunity.store')).toMatchObject({ rule: 'pii-untagged-field', subgraph: 'opportunity' });
      expect(street.message).toContain('Opportunity.store → Store.street');
    });
  });

  describe('when a personal-looking field has no @pii', () => {
    it('reports it with the word that looks personal and a path to it', () => {
      const { problems } = lintSchema([subgraph('people', 'type Query { person: Person } type Person @key(fields: "id") { id: ID! email: String }')], SMALL_POLICY);
      expect(problems).toEqual([
        expect.objectContaining({ rule: 'pii-missing', coordinate: 'Person.email', subgraph: 'people', message: expect.stringContaining('("email")') }),
      ]);
      expect(problems[0]!.message).toContain('Query.person → Person.email');
    });

    it('reports a field whose type looks personal', () => {
      expect(rules([subgraph('people', 'type Query { person: Person } type Person @key(fields: "id") { id: ID! home: PostalAddress } type PostalAddress { town: String }')])).toEqual([
        ['pii-missing', 'Person.home'],
      ]);
    });

    it('accepts it under a @pii field above it, or with a type-level @pii', () => {
      const sdl = `
        type Query { person: Person }
        type Person @key(fields: "id") { id: ID! home: Geo @pii(category: IDENTIFIERS) contact: Contact }
        type Geo { lat: Float lng: Float }
        type Contact @pii(category: IDENTIFIERS) { email: String phone: String }`;
      expect(rules([subgraph('people', sdl)])).toEqual([]);
    });

    it('reports the same type reached by a path without @pii (a store’s location)', () => {
      const sdl = `
        type Query { person: Person store: Store }
        type Person @key(fields: "id") { id: ID! home: Geo @pii(category: IDENTIFIERS) }
        type Store { name: String location: Geo }
        type Geo { lat: Float lng: Float }`;
      expect(rules([subgraph('people', sdl)])).toEqual([['pii-missing', 'Store.location']]);
    });

    it('accepts an opt-out with a reason, as a comment above the field or in the options', () => {
      const commented = `
        type Query { store: Store }
        type Store {
          name: String
          # pii-lint: not-personal a store's coordinates, not a person's
          location: Geo
          street: String # pii-lint: not-personal a business address
        }
        type Geo { lat: Float lng: Float }`;
      expect(rules([subgraph('stores', commented)])).toEqual([]);
      const plain = 'type Query { store: Store } type Store { location: Geo } type Geo { lat: Float lng: Float }';
      expect(rules([subgraph('stores', plain)], SMALL_POLICY, { 'Store.location': 'a business location' })).toEqual([]);
    });

    it('reports an opt-out without a reason, or for a field no subgraph has', () => {
      const sdl = `
        type Query { store: Store }
        type Store {
          # pii-lint: not-personal
          location: String
        }`;
      expect(rules([subgraph('stores', sdl)], SMALL_POLICY, { 'Store.email': 'renamed long ago' })).toEqual([
        ['not-personal-unknown', 'Store.email'],
        ['not-personal-without-reason', 'Store.location'],
      ]);
    });
  });

  describe('when @pii stands on a non-null field', () => {
    it('reports its own and an inherited type-level @pii', () => {
      const sdl = `
        type Query { person: Person }
        type Person @key(fields: "id") { id: ID! email: String! @pii(category: IDENTIFIERS) address: Address }
        type Address @pii(category: IDENTIFIERS) { street: String! city: String }`;
      const { problems } = lintSchema([subgraph('people', sdl)], SMALL_POLICY);
      expect(problems.map((p) => [p.rule, p.coordinate])).toEqual([
        ['pii-non-null', 'Person.email'],
        ['pii-non-null', 'Address.street'],
      ]);
      expect(problems[1]!.message).toContain('Address.street is String! and inherits @pii from type Address');
    });
  });

  describe('when @pii names a purpose or category the policy does not know', () => {
    it('reports a purpose outside the policy’s purposes', () => {
      const ownEnums = `
        directive @pii(category: PiiCategory!, purpose: [Purpose!], sensitive: Boolean = false) on FIELD_DEFINITION | OBJECT
        enum PiiCategory { IDENTIFIERS GOSSIP }
        enum Purpose { SERVICES SELLING }`;
      const sdl = `
        type Query { person: Person }
        type Person @key(fields: "id") { id: ID! email: String @pii(category: IDENTIFIERS, purpose: [SERVICES, SELLING]) mood: String @pii(category: GOSSIP) }`;
      const found = rules([subgraph('people', sdl, subgraphSchemaHeader(['@key']) + ownEnums)]);
      expect(found).toContainEqual(['pii-unknown-purpose', 'Person.email']);
      expect(found).toContainEqual(['pii-unknown-category', 'Person.mood']);
    });

    it("reports a subgraph whose @pii enums are a stale or extended copy of the policy's vocabulary", () => {
      const ownEnums = `
        directive @pii(category: PiiCategory!, purpose: [Purpose!], sensitive: Boolean = false) on FIELD_DEFINITION | OBJECT
        enum PiiCategory { IDENTIFIERS PROTECTED_CLASSIFICATIONS GOSSIP }
        enum Purpose { SERVICES AUDITING }`;
      const sdl = 'type Query { person: Person } type Person @key(fields: "id") { id: ID! email: String @pii(category: IDENTIFIERS, purpose: [SERVICES]) }';
      const { problems } = lintSchema([subgraph('people', sdl, subgraphSchemaHeader(['@key']) + ownEnums)], SMALL_POLICY);
      expect(problems.filter((p) => p.rule === 'pii-vocabulary-mismatch').map((p) => p.message)).toEqual([
        expect.stringMatching(/^subgraph "people": enum PiiCategory \(the type of @pii\(category:\)\) declares GOSSIP, which the policy does not: it must hold exactly the categories of policy test-1\./),
        expect.stringMatching(/^subgraph "people": enum Purpose \(the type of @pii\(purpose:\)\) lacks DEBUGGING: it must hold exactly the purposes of policy test-1\./),
      ]);
      expect(lintSchema([subgraph('people', sdl)], SMALL_POLICY).problems.filter((p) => p.rule === 'pii-vocabulary-mismatch')).toEqual([]);
    });

    it('reports a purpose no role of the policy is granted', () => {
      const sdl = 'type Query { person: Person } type Person @key(fields: "id") { id: ID! email: String @pii(category: IDENTIFIERS, purpose: [SERVICES, DEBUGGING]) }';
      expect(rules([subgraph('people', sdl)])).toEqual([['pii-purpose-never-granted', 'Person.email']]);
    });
  });

  describe('when a policy field rule names a coordinate without @pii', () => {
    it('reports the rule and the coordinate', () => {
      const withRule = policy({
        version: 'test-2',
        roles: { SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], fields: { 'Person.nickname': 'deny', 'Person.email': 'allow' } }] } },
      });
      const sdl = 'type Query { person: Person } type Person @key(fields: "id") { id: ID! nickname: String @notPersonal(reason: "shown to all") email: String @pii(category: IDENTIFIERS) }';
      const { problems } = lintSchema([subgraph('people', sdl)], withRule);
      expect(problems).toEqual([
        expect.objectContaining({ rule: 'policy-field-without-pii', coordinate: 'Person.nickname', message: expect.stringContaining('roles.SUPPORT.grants[0].fields["Person.nickname"]') }),
      ]);
    });
  });

  describe('when a type holds personal data', () => {
    it('reports each of its fields that is neither tagged nor declared not personal, in every subgraph', () => {
      const people = subgraph('people', 'type Query { person: Person } type Person @key(fields: "id") { id: ID! email: String @pii(category: IDENTIFIERS) status: String }');
      const orders = subgraph('orders', 'type Person @key(fields: "id") { id: ID! orderCount: Int }');
      expect(rules([people, orders])).toEqual([
        ['pii-untagged-field', 'Person.status'],
        ['pii-untagged-field', 'Person.orderCount'],
      ]);
    });

    it('accepts a key, @notPersonal with a reason, @external, and a field whose type is tagged as a whole', () => {
      const sdl = `
        type Query { person: Person }
        type Person @key(fields: "id") {
          id: ID!
          email: String @pii(category: IDENTIFIERS)
          status: String @notPersonal(reason: "the account's state")
          address: Address
        }
        type Address @pii(category: IDENTIFIERS) { city: String }`;
      expect(rules([subgraph('people', sdl)])).toEqual([]);
    });

    it('leaves root types alone: their fields are entry points', () => {
      expect(rules([subgraph('people', 'type Query { person: Person ping: String secret: String @pii(category: IDENTIFIERS) } type Person @key(fields: "id") { id: ID! }')])).toEqual([]);
    });
  });

  describe('when an argument reads a @pii field', () => {
    const people = (filter: string) =>
      subgraph(
        'people',
        `type Query { people(filter: PersonFilter, status: String): PersonConnection }
         type PersonConnection { nodes: [Person!]! }
         input PersonFilter { ${filter} }
         type Person @key(fields: "id") { id: ID! status: String @notPersonal(reason: "the account's state") email: String @pii(category: IDENTIFIERS) address: Address @pii(category: IDENTIFIERS) }
         type Address { city: String }`,
      );

    it('reports an argument or input field named like a @pii field of the records, with what to declare', () => {
      const { problems } = lintSchema([people('email: String city: String')], SMALL_POLICY);
      expect(problems.map((p) => [p.rule, p.coordinate])).toEqual([
        ['pii-read-undeclared', 'PersonFilter.email'],
        ['pii-read-undeclared', 'PersonFilter.city'],
      ]);
      expect(problems[1]!.message).toContain('@piiReads(fields: ["Person.address"])');
    });

    it('accepts @piiReads, @notPersonal, and names that match fields without @pii', () => {
      const filter = 'email: String @piiReads(fields: ["Person.email"]) city: String @notPersonal(reason: "a store city")';
      expect(rules([people(filter)])).toEqual([]);
    });

    it('reports @piiReads naming a field the schema does not have', () => {
      expect(rules([people('email: String @piiReads(fields: ["Person.mail"])')])).toEqual([['pii-read-unknown-field', 'PersonFilter.email']]);
    });
  });

  describe('when the policy hashes a field with few distinct values', () => {
    it('reports each hash over a Boolean, an enum or a field declared low-cardinality, through composition', () => {
      const hashing = policy({
        version: 'test-3',
        roles: { AUDITOR: { scope: 'all', grants: [{ purposes: ['AUDITING'], categories: { PROTECTED_CLASSIFICATIONS: 'mask:hash', IDENTIFIERS: 'mask:hash' } }] } },
      });
      const sdl = `
        type Query { person: Person }
        enum Gender { FEMALE MALE }
        type Person @key(fields: "id") {
          id: ID!
          email: String @pii(category: IDENTIFIERS)
          gender: Gender @pii(category: PROTECTED_CLASSIFICATIONS)
          veteran: Boolean @pii(category: PROTECTED_CLASSIFICATIONS)
          maritalStatus: String @pii(category: PROTECTED_CLASSIFICATIONS, lowCardinality: true)
        }`;
      const { problems } = lintSchema([subgraph('people', sdl)], hashing);
      expect(problems.map((p) => p.rule)).toEqual(['policy-guard-rail', 'policy-guard-rail', 'policy-guard-rail']);
      const messages = problems.map((p) => p.message).join('\n');
      for (const coordinate of ['Person.gender', 'Person.veteran', 'Person.maritalStatus']) {
        expect(messages).toContain(`would give role AUDITOR stating AUDITING ${coordinate}, which`);
      }
      expect(messages).not.toContain('Person.email');
      expect(problems[0]!.message).toContain('a hash over a few distinct values is a label: counting the hashes reads the values');
    });
  });

  describe('when a subgraph forgets @composeDirective', () => {
    it('reports that @pii would vanish from the supergraph', () => {
      const header = `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"]) @link(url: "${PII_SPEC_URL}", import: ["@pii"])\n${PII_SDL}`;
      const sdl = 'type Query { person: Person } type Person @key(fields: "id") { id: ID! email: String @pii(category: IDENTIFIERS) }';
      const { problems } = lintSchema([subgraph('people', sdl, header)], SMALL_POLICY);
      expect(problems.map((p) => p.rule)).toContain('pii-not-composed');
      expect(problems.find((p) => p.rule === 'pii-not-composed')).toMatchObject({ subgraph: 'people', message: expect.stringContaining('@composeDirective(name: "@pii")') });
    });
  });

  describe('when the subgraphs do not compose', () => {
    it('reports the composition errors', () => {
      const a = subgraph('a', 'type Query { thing: Thing } type Thing { id: ID! size: Int }');
      const b = subgraph('b', 'type Query { other: Thing } type Thing { id: ID! size: String }');
      const { problems } = lintSchema([a, b], SMALL_POLICY);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.rule === 'composition' && p.message.startsWith('composition failed: '))).toBe(true);
    });
  });
});
