import { buildSchema, getOperationAST, parse, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mergeData } from './mergeData.ts';
import { shapeResponse } from './shapeResponse.ts';

const schema = buildSchema(/* GraphQL */ `
  type Query { shop: Shop list: [Item!] items: [Item] }
  type Shop { id: ID! name: String! owner: Person status: Status count: Int }
  type Person { id: ID! name: String }
  interface Item { id: ID! }
  type Book implements Item { id: ID! title: String! }
  type Pen implements Item { id: ID! colour: String }
  enum Status { OPEN CLOSED }
`);

function shape(query: string, data: Record<string, unknown>, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return shapeResponse(
    data,
    { type: schema.getQueryType() as GraphQLNamedType, cache: new Map(), selectionSets: [operation.selectionSet] },
    { schema, fragments: {}, variables, conditionsKey: JSON.stringify(variables) },
  );
}

describe('shapeResponse', () => {
  it('keeps only the selected keys, in the order asked, under their aliases', () => {
    const { data, errors } = shape('{ shop { n: name id __typename } }', { shop: { __typename: 'Shop', id: 's1', n: 'Corner', name: 'not asked for', extra: 'planner key' } });
    expect(JSON.stringify(data)).toBe('{"shop":{"n":"Corner","id":"s1","__typename":"Shop"}}');
    expect(errors).toEqual([]);
  });

  it('applies fragments by __typename', () => {
    const { data } = shape('{ items { id ... on Book { title } ... on Pen { colour } } }', {
      items: [
        { __typename: 'Book', id: 'b1', title: 'Dune', colour: 'never seen' },
        { __typename: 'Pen', id: 'p1', colour: 'blue' },
      ],
    });
    expect(data).toEqual({ items: [{ id: 'b1', title: 'Dune' }, { id: 'p1', colour: 'blue' }] });
  });

  it('propagates a null in a non-null field up to the nearest nullable parent, and says where', () => {
    const { data, errors } = shape('{ shop { id name } list { id title } }', {
      shop: { id: 's1', name: null },
      list: [{ __typename: 'Book', id: 'b1', title: 'Dune' }, { __typename: 'Book', id: 'b2', title: null }],
    });
    expect(data).toEqual({ shop: null, list: null });
    expect(errors.map((e) => [e.message, e.path])).toEqual([
      ['Cannot return null for non-nullable field Shop.name.', ['shop', 'name']],
      ['Cannot return null for non-nullable field Book.title.', ['list', 1, 'title']],
    ]);
  });

  it('gives null for a value its type does not have (an enum value, a string for an Int)', () => {
    const { data, errors } = shape('{ shop { status count } }', { shop: { status: 'ON_FIRE', count: 'many' } });
    expect(data).toEqual({ shop: { status: null, count: null } });
    expect(errors.map((e) => [e.message, e.path])).toEqual([
      ['Invalid value found for field Shop.status.', ['shop', 'status']],
      ['Invalid value found for field Shop.count.', ['shop', 'count']],
    ]);
  });

  it('takes an Int that prints as digits and refuses one that does not (beyond 2^53, 1e21 prints as "1e+21")', () => {
    expect(shape('{ shop { count } }', { shop: { count: -42 } })).toEqual({ data: { shop: { count: -42 } }, errors: [] });
    expect(shape('{ shop { count } }', { shop: { count: 2 ** 60 } }).data).toEqual({ shop: { count: 2 ** 60 } });
    const { data, errors } = shape('{ shop { count } }', { shop: { count: 1e21 } });
    expect(data).toEqual({ shop: { count: null } });
    expect(errors.map((e) => e.message)).toEqual(['Invalid value found for field Shop.count.']);
  });

  it('gives null for an object whose __typename the schema does not have, and says where', () => {
    const { data, errors } = shape('{ items { id } }', { items: [{ __typename: 'Book', id: 'b1' }, { __typename: 'Spaceship', id: 'x' }] });
    expect(data).toEqual({ items: [{ id: 'b1' }, null] });
    expect(errors.map((e) => [e.message, e.path])).toEqual([['Invalid __typename found for object at array element at index 1 of field Query.items.', ['items', 1]]]);
  });

  it('evaluates @skip and @include', () => {
    const query = 'query ($yes: Boolean!) { shop { id name @include(if: $yes) owner @skip(if: $yes) { id } } }';
    const data = { shop: { id: 's1', name: 'Corner', owner: { id: 'o1' } } };
    expect(shape(query, data, { yes: true }).data).toEqual({ shop: { id: 's1', name: 'Corner' } });
    expect(shape(query, data, { yes: false }).data).toEqual({ shop: { id: 's1', owner: { id: 'o1' } } });
  });

  it('writes an alias named __proto__ as a plain key, never into a prototype', () => {
    const { data } = shape('{ shop { __proto__: name } }', JSON.parse('{"shop": {"__proto__": "Corner"}}'));
    const shop = (data as { shop: object }).shop;
    expect(Object.getPrototypeOf(shop)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(shop, '__proto__')?.value).toBe('Corner');
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });
});

describe('mergeData', () => {
  it('merges answers key by key and never into Object.prototype', () => {
    const target: Record<string, unknown> = { a: { b: 1 }, list: [{ x: 1 }] };
    mergeData(target, JSON.parse('{"a": {"c": 2}, "list": [{"y": 2}], "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'));
    expect(target.a).toEqual({ b: 1, c: 2 });
    expect(target.list).toEqual([{ x: 1, y: 2 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  });
});
