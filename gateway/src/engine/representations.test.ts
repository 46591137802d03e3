import { QueryPlanner, type PlanNode } from '@graphql-hive/router-query-planner';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileHivePlan, type ExecNode, type RequireStep } from './compileHivePlan.ts';
import { representationOf } from './representations.ts';
import { TypeConditions } from './typeConditions.ts';

// Two subgraphs: `store` has the prices, `shipping` computes estimates that @require the price in
// two currencies. Asking for both makes the fields' arguments conflict, so the planner fetches one
// of them under an alias of its own, which the representation must carry under the field's name.
const SUPERGRAPH = /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
  directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
  directive @join__graph(name: String!, url: String!) on ENUM_VALUE
  directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
  directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
  directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
  directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
  directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
  scalar join__FieldSet
  scalar link__Import
  enum link__Purpose { SECURITY EXECUTION }
  enum join__Graph {
    SHIPPING @join__graph(name: "shipping", url: "http://127.0.0.1:1/shipping")
    STORE @join__graph(name: "store", url: "http://127.0.0.1:1/store")
  }
  type Item @join__type(graph: SHIPPING, key: "sku") @join__type(graph: STORE, key: "sku") {
    sku: String!
    weight: Int @join__field(graph: SHIPPING, external: true) @join__field(graph: STORE)
    price(currency: String!): Int @join__field(graph: SHIPPING, external: true) @join__field(graph: STORE)
    estimate: Int @join__field(graph: SHIPPING, requires: "price(currency: \\"USD\\") weight")
    estimateEUR: Int @join__field(graph: SHIPPING, requires: "price(currency: \\"EUR\\") weight")
  }
  type Query @join__type(graph: SHIPPING) @join__type(graph: STORE) { items: [Item] @join__field(graph: STORE) }
`;

const schema = buildSchema(/* GraphQL */ `
  type Item { sku: String! weight: Int price(currency: String!): Int estimate: Int estimateEUR: Int }
  type Query { items: [Item] }
`);

/** Every entity fetch's `requires`, from the compiled plan (batched or not). */
function requiresOf(node: ExecNode | undefined): RequireStep[][] {
  if (!node) return [];
  switch (node.kind) {
    case 'sequence':
    case 'parallel':
      return node.nodes.flatMap(requiresOf);
    case 'batch':
      return node.aliases.map((a) => [...a.requires]);
    case 'flatten':
      return node.fetch.requires ? [[...node.fetch.requires]] : [];
    default:
      return [];
  }
}

describe('representationOf', () => {
  it('reads a field the planner aliased under its alias and sends it under the field name', () => {
    const planner = new QueryPlanner(SUPERGRAPH);
    const plan = planner.plan('{ items { sku estimate estimateEUR } }', null, new Set(), 0);
    const first = (plan.node as PlanNode & { nodes: PlanNode[] }).nodes[0] as PlanNode & { operation: string };
    const alias = /(\w+): price\(currency: "EUR"\)/.exec(first.operation)?.[1];
    expect(alias).toBeDefined();
    // The item as the store answered the first fetch: the EUR price under the planner's alias.
    const item = { __typename: 'Item', sku: 's1', weight: 2, price: 10, [alias!]: 9 };

    const representations = requiresOf(compileHivePlan(plan, new TypeConditions(schema))).map((requires) => representationOf(requires, item, undefined));

    expect(representations).toHaveLength(2);
    expect(representations).toContainEqual({ __typename: 'Item', sku: 's1', weight: 2, price: 10 });
    expect(representations).toContainEqual({ __typename: 'Item', sku: 's1', weight: 2, price: 9 });
  });

  it('leaves out an entity whose required field is not in the response yet', () => {
    const requires: RequireStep[] = [{ field: '__typename', key: '__typename' }, { field: 'sku', key: 'sku' }, { field: '_alias_0', key: 'price' }];

    expect(representationOf(requires, { __typename: 'Item', sku: 's1' }, undefined)).toBeNull();
    expect(representationOf(requires, { __typename: 'Item', sku: 's1', _alias_0: null }, undefined)).toEqual({ __typename: 'Item', sku: 's1', price: null });
  });
});
