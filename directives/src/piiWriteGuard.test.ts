import { buildASTSchema, graphql, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createPiiWriteGuard } from './piiWriteGuard.ts';
import { piiDirectiveTransformer, piiWriteGuardOf, type Caller, type PiiAnnotation } from './index.ts';
import { compiled, TEST_PII_SDL } from './testing/policies.ts';

// The subgraph transformer's two other duties: writes (a caller may write a field only where
// the policy gives it the field in full, on that record) and policy versions (a record, and
// every value nested in it, is decided under the version it was collected under too).

const policy = compiled({
  version: 'v2',
  roles: {
    SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow', PERSONAL_INFORMATION: 'allow' } }] },
    SUPPORT: {
      scope: 'all',
      grants: [
        { purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow', PERSONAL_INFORMATION: 'mask:partial' }, fields: { 'PostalAddress.city': 'mask:partial' } },
        { purposes: ['SHOPPER_COMMUNICATION'], categories: { IDENTIFIERS: 'mask:partial' } },
      ],
    },
  },
  previousVersions: {
    v1: {
      roles: {
        SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow', PERSONAL_INFORMATION: 'allow' } }] },
        SUPPORT: {
          scope: 'all',
          grants: [
            { purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' }, fields: { 'PostalAddress.street': 'deny', 'PostalAddress.city': 'mask:hash' } },
            { purposes: ['SHOPPER_COMMUNICATION'], categories: { IDENTIFIERS: 'mask:partial' } },
          ],
        },
      },
    },
  },
});

const typeDefs = /* GraphQL */ `
  type Query { shopper: Shopper }
  type Mutation { correct(email: String): Boolean }
  type Shopper {
    id: ID!
    policyVersion: String
    email: String @pii(category: IDENTIFIERS)
    phone: String @pii(category: PERSONAL_INFORMATION)
    address: PostalAddress @pii(category: IDENTIFIERS)
  }
  type PostalAddress @pii(category: IDENTIFIERS) { street: String, city: String }
`;

const annotations: Record<string, PiiAnnotation> = {
  'Shopper.email': { category: 'IDENTIFIERS', sensitive: false },
  'Shopper.phone': { category: 'PERSONAL_INFORMATION', sensitive: false },
  'PostalAddress.street': { category: 'IDENTIFIERS', sensitive: false },
};
const caller = (role: string, purpose: Caller['purpose'] = 'SERVICES'): Caller => ({ sub: 'u1', role, purpose, requestId: 'r1' });
const shopper = (policyVersion: string) => ({ id: 's1', policyVersion, email: 'jane@example.com', phone: '555-0100', address: { street: '12 Elm Street', city: 'Springfield' } });

function transformed(record: unknown, masks: 'apply' | 'defer' = 'apply', onWrite?: (schema: GraphQLSchema) => void): GraphQLSchema {
  const schema = buildASTSchema(parse(TEST_PII_SDL + typeDefs));
  (schema.getType('Query') as GraphQLObjectType).getFields().shopper!.resolve = () => structuredClone(record);
  (schema.getType('Mutation') as GraphQLObjectType).getFields().correct!.resolve = (_s, _a, _c, info) => {
    onWrite?.(info.schema);
    return true;
  };
  return piiDirectiveTransformer(schema, { policy, hashKey: 'k', getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks });
}

describe('createPiiWriteGuard', () => {
  const guard = createPiiWriteGuard(policy, (c) => annotations[c]);

  it('lets a caller write the fields the policy gives it in full, and fields without @pii', () => {
    expect(guard.mayWrite(caller('SHOPPER'), ['Shopper.email', 'Shopper.phone', 'Shopper.status'], shopper('v2'))).toEqual({ ok: true });
    expect(guard.policyVersion).toBe('v2');
  });

  it('refuses a field the caller sees masked or not at all, naming each', () => {
    expect(guard.mayWrite(caller('SUPPORT'), ['Shopper.email', 'Shopper.phone'], shopper('v2'))).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.phone', reason: 'MASKED' }] });
    expect(guard.mayWrite(caller('SUPPORT', 'SHOPPER_COMMUNICATION'), ['Shopper.email'], shopper('v2'))).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.email', reason: 'MASKED' }] });
    expect(guard.mayWrite(caller('SUPPORT', null), ['Shopper.email'])).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.email', reason: 'NO_PURPOSE' }] });
    expect(guard.mayWrite(undefined, ['Shopper.email'])).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.email', reason: 'NO_CALLER' }] });
  });

  it("decides on the record: its policy version counts", () => {
    expect(guard.mayWrite(caller('SUPPORT'), ['PostalAddress.street'], shopper('v2'))).toEqual({ ok: true });
    expect(guard.mayWrite(caller('SUPPORT'), ['PostalAddress.street'], shopper('v1'))).toEqual({ ok: false, refused: [{ coordinate: 'PostalAddress.street', reason: 'FIELD_RULE' }] });
    expect(guard.mayWrite(caller('SHOPPER'), ['Shopper.email'], shopper('v0'))).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.email', reason: 'POLICY_VERSION_UNKNOWN' }] });
  });

  it('throws PII_WRITE_DENIED as a field error naming the refused fields', () => {
    let thrown: unknown;
    try {
      guard.assertMayWrite(caller('SUPPORT'), ['Shopper.email', 'Shopper.phone'], shopper('v2'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({
      message: 'Role SUPPORT stating SERVICES may not write Shopper.phone (MASKED); nothing was written.',
      extensions: { code: 'PII_WRITE_DENIED', refused: [{ coordinate: 'Shopper.phone', reason: 'MASKED' }] },
    });
    expect((thrown as { extensions: Record<string, unknown> }).extensions.http).toBeUndefined();
    expect(() => guard.assertMayWrite(caller('SHOPPER'), ['Shopper.email'], shopper('v2'))).not.toThrow();
  });
});

describe('piiDirectiveTransformer', () => {
  describe('for writes', () => {
    it('hands resolvers the write guard of its policy through info.schema', async () => {
      let found: ReturnType<typeof piiWriteGuardOf> | undefined;
      const schema = transformed(shopper('v2'), 'apply', (s) => (found = piiWriteGuardOf(s)));
      const { errors } = await graphql({ schema, source: 'mutation { correct(email: "x@y.z") }', contextValue: { caller: caller('SHOPPER') } });
      expect(errors).toBeUndefined();
      expect(found?.policyVersion).toBe('v2');
      expect(found?.mayWrite(caller('SUPPORT'), ['Shopper.phone'], shopper('v2'))).toMatchObject({ ok: false });
      expect(found?.mayWrite(caller('SHOPPER'), ['Shopper.phone'], shopper('v2'))).toEqual({ ok: true });
    });

    it('refuses every write in a schema it did not transform', () => {
      const plain = buildASTSchema(parse(TEST_PII_SDL + typeDefs));
      const guard = piiWriteGuardOf(plain);
      expect(guard.policyVersion).toBeNull();
      expect(guard.mayWrite(caller('SHOPPER'), ['Shopper.email'])).toEqual({ ok: false, refused: [{ coordinate: 'Shopper.email', reason: 'NO_ENFORCEMENT' }] });
    });
  });

  describe('for a record collected under an earlier version', () => {
    const query = '{ shopper { email address { street city } } }';

    it('decides the record and the values nested in it under both versions', async () => {
      const now = await graphql({ schema: transformed(shopper('v2')), source: query, contextValue: { caller: caller('SUPPORT') } });
      expect(now.data?.shopper).toEqual({ email: 'jane@example.com', address: { street: '12 Elm Street', city: 'S***' } });
      const then = await graphql({ schema: transformed(shopper('v1')), source: query, contextValue: { caller: caller('SUPPORT') } });
      expect(then.errors).toBeUndefined();
      expect(then.data?.shopper).toMatchObject({ email: 'jane@example.com', address: { street: null } });
      expect((then.data?.shopper as { address: { city: string } }).address.city).toMatch(/^h_[0-9a-f]{16}$/);
    });

    it('withholds, when masks are left to the gateway, a value the earlier version masks otherwise', async () => {
      const deferred = await graphql({ schema: transformed(shopper('v1'), 'defer'), source: query, contextValue: { caller: caller('SUPPORT') } });
      // The gateway would apply the current version's partial mask; the record's version asks for a hash.
      expect(deferred.data?.shopper).toEqual({ email: 'jane@example.com', address: { street: null, city: null } });
      const current = await graphql({ schema: transformed(shopper('v2'), 'defer'), source: query, contextValue: { caller: caller('SUPPORT') } });
      expect(current.data?.shopper).toEqual({ email: 'jane@example.com', address: { street: '12 Elm Street', city: 'Springfield' } });
    });

    it('denies every field of a record whose version the policy does not keep', async () => {
      const { data } = await graphql({ schema: transformed(shopper('v0')), source: query, contextValue: { caller: caller('SHOPPER') } });
      expect(data?.shopper).toEqual({ email: null, address: null });
    });
  });
});
