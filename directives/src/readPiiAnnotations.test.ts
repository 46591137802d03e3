import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPiiAnnotations, type PiiIndex } from './index.ts';
import { TEST_PII_SDL } from './testing/policies.ts';
import { composeReferenceSupergraph } from '@confero/testing';

const annotationAt = (index: PiiIndex, coordinate: string) => {
  const [type, field] = coordinate.split('.');
  return index.fieldAnnotation(type, field);
};

describe('readPiiAnnotations', () => {
  describe('on the composed supergraph of the reference subgraphs', () => {
    let supergraphSdl: string;
    let index: PiiIndex;
    beforeAll(() => {
      supergraphSdl = composeReferenceSupergraph();
      index = readPiiAnnotations(supergraphSdl);
    });

    it('reads a field annotation beside @join__field', () => {
      expect(annotationAt(index, 'Shopper.email')).toMatchObject({ category: 'IDENTIFIERS', sensitive: false });
      expect(annotationAt(index, 'Shopper.email')?.purposes).toContain('PARTNER_REFERRAL');
    });

    it('reads sensitivity', () => {
      expect(annotationAt(index, 'Shopper.ssn')).toMatchObject({ category: 'IDENTIFIERS', sensitive: true });
      expect(annotationAt(index, 'Deliverable.checkIn')).toMatchObject({ category: 'GEOLOCATION', sensitive: true });
    });

    it('leaves purposes undefined for a field that names none', () => {
      expect(annotationAt(index, 'Shopper.name')).toEqual({ category: 'IDENTIFIERS', sensitive: false });
    });

    it("gives a field of an annotated type the type's annotation", () => {
      expect(annotationAt(index, 'PostalAddress.city')).toMatchObject({ category: 'IDENTIFIERS' });
      expect(annotationAt(index, 'Recording.url')).toMatchObject({ category: 'SENSORY' });
      expect(annotationAt(index, 'BankAccount.accountNumber')).toMatchObject({ category: 'PERSONAL_INFORMATION', sensitive: true });
      expect(index.typeAnnotation('PostalAddress')).toMatchObject({ category: 'IDENTIFIERS' });
    });

    it('has no annotation for fields that are not personal information', () => {
      expect(annotationAt(index, 'Opportunity.title')).toBeUndefined();
      expect(annotationAt(index, 'Shopper.id')).toBeUndefined();
      expect(annotationAt(index, 'Receipt.amount')).toBeUndefined();
      expect(index.typeAnnotation('Shopper')).toBeUndefined();
      expect(index.fieldAnnotation('NoSuchType', 'x')).toBeUndefined();
    });

    it('does not give __typename the annotation of its type', () => {
      expect(index.fieldAnnotation('PostalAddress', '__typename')).toBeUndefined();
    });

    it('lists every annotated field by coordinate, marking inherited ones', () => {
      const fields = index.fields();
      const coordinates = fields.map((f) => f.coordinate);
      expect(coordinates).toContain('Opportunity.eligibleShoppers');
      expect(coordinates).toContain('Client.contacts');
      expect(coordinates).not.toContain('Opportunity.title');
      expect(fields.find((f) => f.coordinate === 'Recording.kind')?.inherited).toBe(true);
      expect(fields.find((f) => f.coordinate === 'Shopper.email')?.inherited).toBe(false);
      expect([...coordinates].sort()).toEqual(coordinates);
    });

    it('has a version that is stable for the same schema', () => {
      expect(index.version).toMatch(/^[0-9a-f]{16}$/);
      expect(readPiiAnnotations(parse(supergraphSdl)).version).toBe(index.version);
    });

    it('has a version that changes when an annotation changes', () => {
      const changed = supergraphSdl.replace('name: String @join__field(graph: SHOPPER) @pii(category: IDENTIFIERS)', 'name: String @join__field(graph: SHOPPER) @pii(category: PROFESSIONAL)');
      expect(changed).not.toBe(supergraphSdl);
      expect(readPiiAnnotations(changed).version).not.toBe(index.version);
    });
  });

  describe('on a subgraph SDL', () => {
    it('reads type extensions and type-level annotations', () => {
      const index = readPiiAnnotations(/* GraphQL */ `
        ${TEST_PII_SDL}
        type Person @pii(category: IDENTIFIERS) { name: String nickname: String @pii(category: PROFESSIONAL) }
        extend type Person { alias: String }
      `);
      expect(index.fieldAnnotation('Person', 'alias')).toMatchObject({ category: 'IDENTIFIERS' });
      expect(index.fieldAnnotation('Person', 'nickname')).toMatchObject({ category: 'PROFESSIONAL' });
      expect(index.fields().map((f) => f.coordinate)).toEqual(['Person.alias', 'Person.name', 'Person.nickname']);
    });

    it('follows a renamed import of @pii', () => {
      const index = readPiiAnnotations(/* GraphQL */ `
        extend schema @link(url: "https://confero.dev/pii/v1.0", import: [{ name: "@pii", as: "@privacy" }])
        type T { a: String @privacy(category: SENSORY) b: String @pii(category: SENSORY) }
      `);
      expect(index.fieldAnnotation('T', 'a')).toMatchObject({ category: 'SENSORY' });
      expect(index.fieldAnnotation('T', 'b')).toBeUndefined();
    });

    it('rejects a malformed annotation, naming the coordinate', () => {
      expect(() => readPiiAnnotations('type T { a: String @pii(category: "BIO METRIC") }')).toThrow('@pii on T.a: category must be a name, got "BIO METRIC"');
    });

    it('rejects @pii applied twice to a field', () => {
      expect(() => readPiiAnnotations('type T { a: String @pii(category: SENSORY) @pii(category: SENSORY) }')).toThrow(/applied more than once/);
    });
  });

  describe('reading @piiReads and keys', () => {
    it('reads the supergraph’s reads on arguments, input fields and fields, kept through composition', () => {
      const index = readPiiAnnotations(composeReferenceSupergraph());
      expect(index.inputFieldReads('ShopperFilter', 'region')).toEqual(['Shopper.address', 'PostalAddress.region']);
      expect(index.inputFieldReads('ShopperFilter', 'status')).toEqual(['Shopper.status']);
      expect(index.fieldReads('Opportunity', 'eligibleShoppers')).toContain('Shopper.rating');
      expect(index.inputFieldReads('DeliverableFilter', 'clientId')).toBeUndefined();
      expect(index.reads().map((r) => r.at)).toContain('ShopperFilter.region');
    });

    it('reads key fields from @join__type(key:) and @key(fields:)', () => {
      const index = readPiiAnnotations(composeReferenceSupergraph());
      expect(index.isKeyField('Shopper', 'id')).toBe(true);
      expect(index.isKeyField('Shopper', 'email')).toBe(false);
      expect(index.hasField('Shopper', 'policyVersion')).toBe(true);
      expect(index.hasField('Shopper', 'nope')).toBe(false);
      const sub = readPiiAnnotations('type Order @key(fields: "id region { code }") { id: ID! region: Region } type Region { code: String }');
      expect(sub.isKeyField('Order', 'id')).toBe(true);
      expect(sub.isKeyField('Order', 'region')).toBe(true);
      expect(sub.isKeyField('Region', 'code')).toBe(false);
    });

    it('reads an argument’s reads, and refuses one that names no coordinate', () => {
      const index = readPiiAnnotations(`${TEST_PII_SDL} type Query { people(near: String @piiReads(fields: ["Person.home"])): [Person] } type Person { home: String @pii(category: GEOLOCATION) }`);
      expect(index.argumentReads('Query', 'people', 'near')).toEqual(['Person.home']);
      expect(() => readPiiAnnotations(`${TEST_PII_SDL} input F { a: String @piiReads(fields: ["home"]) }`)).toThrow('@piiReads on F.a: fields must name one or more schema coordinates');
    });

    it('changes its version when a read changes', () => {
      const a = readPiiAnnotations(`${TEST_PII_SDL} input F { a: String @piiReads(fields: ["P.x"]) }`);
      const b = readPiiAnnotations(`${TEST_PII_SDL} input F { a: String @piiReads(fields: ["P.y"]) }`);
      expect(a.version).not.toBe(b.version);
    });
  });
});
