import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { maskValue, piiDirectiveSdl, piiDirectiveTransformer, pseudonymKey, subgraphSchemaHeader, type Caller } from './index.ts';
import type { PiiDecisionEvent } from './piiTransformer.ts';
import { buildASTSchema, graphql, parse } from 'graphql';
import { compiled, TEST_PII_SDL } from './testing/policies.ts';


const typeDefs = /* GraphQL */ `
  directive @key(fields: String!) repeatable on OBJECT
  type Query { shopper: Shopper, shopperAsync: Shopper }
  type Shopper @key(fields: "id") {
    id: ID!
    name: String @pii(category: IDENTIFIERS)
    email: String @pii(category: IDENTIFIERS, purpose: [SERVICES, PARTNER_REFERRAL])
    ssn: String @pii(category: IDENTIFIERS, sensitive: true)
    rating: Float @pii(category: PROFESSIONAL)
    address: PostalAddress @pii(category: IDENTIFIERS)
    consents: Consents
  }
  type Consents { shareContactWithPartners: Boolean! }
  type PostalAddress @pii(category: IDENTIFIERS) { street: String, city: String }
`;

const policy = compiled({
  version: 't',
  roles: {
    SUPPORT: {
      scope: 'all',
      grants: [
        {
          purposes: ['SERVICES'],
          categories: { IDENTIFIERS: 'allow', PROFESSIONAL: 'deny' },
          sensitive: { IDENTIFIERS: 'mask:partial' },
          fields: { 'PostalAddress.street': 'mask:redact' },
        },
      ],
    },
    PARTNER: {
      scope: 'partner',
      closedWorld: true,
      grants: [
        {
          purposes: ['PARTNER_REFERRAL'],
          fields: {
            'Query.shopper': 'allow',
            'Query.shopperAsync': 'allow',
            'Shopper.name': 'mask:initials',
            'Shopper.email': { decision: 'allow', when: { consent: 'shareContactWithPartners' } },
          },
        },
      ],
    },
  },
});

const record = (shareContactWithPartners: boolean) => ({
  id: 's1',
  name: 'Jane Doe',
  email: 'jane.doe@example.com',
  ssn: '123-45-6789',
  rating: 4.5,
  address: { street: '12 Elm Street', city: 'Springfield' },
  consents: { shareContactWithPartners },
});

function buildSchema(shopper: unknown): GraphQLSchema {
  const schema = buildASTSchema(parse(TEST_PII_SDL + typeDefs));
  const fields = (schema.getType('Query') as GraphQLObjectType).getFields();
  fields.shopper.resolve = () => shopper;
  fields.shopperAsync.resolve = async () => shopper;
  const ssn = (schema.getType('Shopper') as GraphQLObjectType).getFields().ssn;
  ssn.resolve = async (source: { ssn: string }) => source.ssn;
  return schema;
}

const caller = (role: string, purpose: Caller['purpose']): Caller => ({ sub: 'u1', role, purpose, requestId: 'r1' });

async function run(options: { caller?: Caller; shopper?: unknown; query?: string; onDecision?: (e: PiiDecisionEvent) => void; masks?: 'apply' | 'defer' }) {
  const schema = piiDirectiveTransformer(buildSchema(options.shopper ?? record(false)), {
    policy,
    hashKey: 'k',
    getCaller: (context: { caller?: Caller }) => context.caller,
    onDecision: options.onDecision,
    masks: options.masks,
  });
  const result = await graphql({
    schema,
    source: options.query ?? '{ shopper { id name email ssn rating address { street city } } }',
    contextValue: { caller: options.caller },
  });
  return result;
}

describe('piiDirectiveTransformer', () => {
  it('returns allowed values as they are, and fields without @pii untouched', async () => {
    const { data, errors } = await run({ caller: caller('SUPPORT', 'SERVICES') });
    expect(errors).toBeUndefined();
    expect(data?.shopper).toMatchObject({ id: 's1', name: 'Jane Doe', email: 'jane.doe@example.com' });
  });

  it('returns null for a denied field', async () => {
    const { data } = await run({ caller: caller('SUPPORT', 'SERVICES') });
    expect(data?.shopper).toMatchObject({ rating: null });
  });

  it('masks a masked field, awaiting an async resolver', async () => {
    const { data } = await run({ caller: caller('SUPPORT', 'SERVICES') });
    expect(data?.shopper).toMatchObject({ ssn: '****6789' });
  });

  it('leaves masking to the gateway when masks are deferred, and still denies', async () => {
    const { data } = await run({ caller: caller('SUPPORT', 'SERVICES'), masks: 'defer' });
    expect(data?.shopper).toMatchObject({ ssn: '123-45-6789', rating: null });
  });

  it('applies an object type annotation to its fields', async () => {
    const { data } = await run({ caller: caller('SUPPORT', 'SERVICES') });
    expect(data?.shopper).toMatchObject({ address: { street: null, city: 'Springfield' } });
  });

  it('works below an async parent resolver', async () => {
    const { data } = await run({ caller: caller('PARTNER', 'PARTNER_REFERRAL'), query: '{ shopperAsync { name } }' });
    expect(data?.shopperAsync).toEqual({ name: 'J. D.' });
  });

  describe('when a rule is conditional on consent', () => {
    it('allows the field when the record consented', async () => {
      const { data } = await run({ caller: caller('PARTNER', 'PARTNER_REFERRAL'), shopper: record(true) });
      expect(data?.shopper).toMatchObject({ name: 'J. D.', email: 'jane.doe@example.com' });
    });

    it('denies the field when the record did not consent', async () => {
      const { data } = await run({ caller: caller('PARTNER', 'PARTNER_REFERRAL'), shopper: record(false) });
      expect(data?.shopper).toMatchObject({ email: null, ssn: null, rating: null, address: null });
      expect(JSON.stringify(data)).not.toContain('jane.doe');
    });
  });

  describe('when the caller is missing or not entitled', () => {
    it('denies every @pii field without a caller', async () => {
      const { data } = await run({});
      expect(data?.shopper).toEqual({ id: 's1', name: null, email: null, ssn: null, rating: null, address: null });
    });

    it('denies every @pii field for an unknown role', async () => {
      const { data } = await run({ caller: caller('ADMIN', 'SERVICES') });
      expect(data?.shopper).toMatchObject({ name: null, email: null, ssn: null });
    });

    it('denies every @pii field without a purpose', async () => {
      const { data } = await run({ caller: caller('SUPPORT', null) });
      expect(data?.shopper).toMatchObject({ name: null, email: null, ssn: null });
    });
  });

  it('does not call the resolver of a denied field', async () => {
    const schema = buildSchema(record(false));
    const resolver = vi.fn(() => 'secret');
    (schema.getType('Shopper') as GraphQLObjectType).getFields().name.resolve = resolver;
    const transformed = piiDirectiveTransformer(schema, { policy, hashKey: 'k', getCaller: () => undefined });
    const { data } = await graphql({ schema: transformed, source: '{ shopper { name } }' });
    expect(data?.shopper).toEqual({ name: null });
    expect(resolver).not.toHaveBeenCalled();
  });

  it('reports each decision with its coordinate', async () => {
    const events: PiiDecisionEvent[] = [];
    await run({ caller: caller('SUPPORT', 'SERVICES'), query: '{ shopper { name rating } }', onDecision: (e) => events.push(e) });
    expect(events.map((e) => [e.coordinate, e.decision.effect, e.decision.reason])).toEqual([
      ['Shopper.name', 'allow', 'CATEGORY_RULE'],
      ['Shopper.rating', 'deny', 'CATEGORY_RULE'],
    ]);
  });

  it('withholds the value when onDecision throws', async () => {
    const { data, errors } = await run({
      caller: caller('SUPPORT', 'SERVICES'),
      query: '{ shopper { name } }',
      onDecision: () => {
        throw new Error('audit down');
      },
    });
    expect(data?.shopper).toEqual({ name: null });
    expect(errors?.[0]?.message).toBe('audit down');
  });

  it('covers entity fields reached through _entities (__resolveReference)', async () => {
    const { buildSubgraphSchema } = await import('@apollo/subgraph');
    const subgraph = buildSubgraphSchema({
      typeDefs: parse(`${subgraphSchemaHeader(['@key'])}${TEST_PII_SDL}
        type Query { ping: String }
        type Shopper @key(fields: "id") { id: ID! name: String @pii(category: IDENTIFIERS) ssn: String @pii(category: IDENTIFIERS, sensitive: true) }`),
      resolvers: { Shopper: { __resolveReference: (ref: { id: string }) => ({ ...record(false), id: ref.id }) } } as never,
    });
    const schema = piiDirectiveTransformer(subgraph, { policy, hashKey: 'k', getCaller: (c: { caller?: Caller }) => c.caller });
    const source = '{ _entities(representations: [{ __typename: "Shopper", id: "s9" }]) { ... on Shopper { id name ssn } } }';
    const support = await graphql({ schema, source, contextValue: { caller: caller('SUPPORT', 'SERVICES') } });
    expect(support.data?._entities).toEqual([{ id: 's9', name: 'Jane Doe', ssn: '****6789' }]);
    const anonymous = await graphql({ schema, source, contextValue: {} });
    expect(anonymous.data?._entities).toEqual([{ id: 's9', name: null, ssn: null }]);
  });

  it('hashes with the key of the caller\'s (role, purpose), as the gateway does', async () => {
    const hashing = compiled({
      version: 't',
      roles: {
        AUDITOR: { scope: 'all', grants: [{ purposes: ['AUDITING', 'RECORD_KEEPING'], fields: { 'Shopper.name': 'mask:hash' } }] },
        LEGAL: { scope: 'all', grants: [{ purposes: ['AUDITING'], fields: { 'Shopper.name': 'mask:hash' } }] },
      },
    });
    const schema = piiDirectiveTransformer(buildSchema(record(false)), { policy: hashing, hashKey: 'k', getCaller: (c: { caller?: Caller }) => c.caller });
    const nameFor = async (role: string, purpose: Caller['purpose']) => {
      const { data } = await graphql({ schema, source: '{ shopper { name } }', contextValue: { caller: caller(role, purpose) } });
      return (data?.shopper as { name: string }).name;
    };
    const auditing = await nameFor('AUDITOR', 'AUDITING');
    expect(auditing).toBe(maskValue('Jane Doe', 'hash', { hashKey: pseudonymKey('k', 'AUDITOR', 'AUDITING'), coordinate: 'Shopper.name' }));
    expect(await nameFor('AUDITOR', 'AUDITING')).toBe(auditing);
    expect(await nameFor('AUDITOR', 'RECORD_KEEPING')).not.toBe(auditing);
    expect(await nameFor('LEGAL', 'AUDITING')).not.toBe(auditing);
  });

  it('rejects invalid options, naming itself', () => {
    const schema = buildSchema(record(false));
    expect(() => piiDirectiveTransformer(schema, { policy, hashKey: '', getCaller: () => undefined })).toThrow(
      /^piiDirectiveTransformer: hashKey must be a non-empty/,
    );
    expect(() => piiDirectiveTransformer(schema, { policy: {} as never, hashKey: 'k', getCaller: () => undefined })).toThrow(
      /policy must be a compiled policy/,
    );
  });

  it('rejects a schema with a malformed @pii at transform time', () => {
    const schema = buildASTSchema(parse(`directive @pii(category: String!) on FIELD_DEFINITION | OBJECT\ntype Query { a: String @pii(category: "BIO-METRIC") }`));
    expect(() => piiDirectiveTransformer(schema, { policy, hashKey: 'k', getCaller: () => undefined })).toThrow(/Query.a: category must be a name/);
  });

  it('rejects a schema whose @pii names a category or purpose the policy does not declare: a typo must not deny silently', () => {
    const sdl = piiDirectiveSdl({ categories: ['IDENTIFIERS', 'BIOMETRIC'], purposes: ['SERVICES', 'SNOOPING'] });
    const schema = buildASTSchema(parse(`${sdl}\ntype Query { a: String @pii(category: BIOMETRIC) b: Person } type Person @pii(category: IDENTIFIERS, purpose: [SNOOPING]) { x: String y: String }`));
    expect(() => piiDirectiveTransformer(schema, { policy, hashKey: 'k', getCaller: () => undefined })).toThrow(
      /^piiDirectiveTransformer: the schema's @pii does not fit the policy:\n {2}- @pii on Query\.a names category BIOMETRIC, which policy t does not declare \(its categories: IDENTIFIERS, .*\)\n {2}- @pii on type Person names purpose SNOOPING, which policy t does not declare/,
    );
  });
});
