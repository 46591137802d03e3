import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType } from 'graphql';
import type { SeedData } from '@confero/tools';
import { cursorOf } from './argumentValues.ts';
import type { RandomOperation } from '@confero/testing';
import { SUPERGRAPH_SCHEMA } from './seedVocabulary.ts';

/** Options of {@link targetedOperations}. */
export interface TargetedOperationsOptions {
  /** The seed data (world A): regions, industries and ids come from it. */
  data: SeedData;
  /** The caller's own shopper id, if any (its `shopper(id:)` is asked too). Default: none. */
  shopperId?: string;
  /** Ask `trafficStats` too. Default false. */
  trafficStats?: boolean;
}

/**
 * Every field of a value type, and of the value types below it (no entities, no lists with
 * arguments): what a caller who asks for "everything" of a record selects.
 */
export function valueSelection(type: GraphQLObjectType): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named)) {
      parts.push(field.name);
      continue;
    }
    if (named.getFields().id || field.args.length > 0) continue; // entities and lists are asked apart
    parts.push(`${field.name} { ${valueSelection(named)} }`);
  }
  return parts.join(' ');
}

const typeOf = (name: string) => SUPERGRAPH_SCHEMA.getType(name) as GraphQLObjectType;
const op = (name: string, query: string, variables: Record<string, unknown> = {}): RandomOperation => ({ query: `query ${name} ${query}`, variables, operationName: name });

/**
 * A fixed list of operations aimed at the channels a withheld value could take: filters on a
 * `@pii` field (`shoppers(filter: { region })` for every region of the seed, and one nobody is
 * in), counts and page boundaries, membership through `__typename` alone, computed lists
 * (`eligibleShoppers`), errors from unknown ids and bad cursors, and every field of every
 * record (withheld ones come back null: their nulls and the privacy report must not depend on
 * the values).
 */
export function targetedOperations(options: TargetedOperationsOptions): RandomOperation[] {
  const { data } = options;
  const regions = [...new Set(data.shoppers.map((s) => s.address?.region))].filter((r): r is string => !!r).sort();
  const industries = [...new Set(data.clients.map((c) => c.industry))].sort();
  const shopper = valueSelection(typeOf('Shopper'));
  const deliverable = valueSelection(typeOf('Deliverable'));
  const client = valueSelection(typeOf('Client'));
  const someShoppers = [data.shoppers[0]!._id, data.shoppers[data.shoppers.length - 1]!._id, ...(options.shopperId ? [options.shopperId] : [])];
  const ops: RandomOperation[] = [
    ...[...regions, 'ZZ'].map((region, i) =>
      op(`ShoppersInRegion${i}`, `($region: String) { shoppers(first: 100, filter: { region: $region }) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, { region }),
    ),
    ...regions.slice(0, 3).map((region, i) =>
      op(`ActiveShoppersInRegion${i}`, `{ shoppers(first: 1, filter: { region: ${JSON.stringify(region)}, status: ACTIVE }) { totalCount pageInfo { hasNextPage } nodes { __typename } } }`),
    ),
    op('Counts', '{ shoppers { totalCount } opportunities { totalCount } deliverables { totalCount } clients { totalCount } }'),
    op('TypenamesOnly', '{ __typename shoppers(first: 100) { nodes { __typename } } deliverables(first: 100) { nodes { __typename shopper { __typename } } } }'),
    ...someShoppers.map((id, i) => op(`ShopperTypename${i}`, `($id: ID!) { shopper(id: $id) { __typename } }`, { id })),
    op('EligibleShoppers', '{ opportunities(first: 100) { nodes { id eligibleShoppers(first: 100) { id } } } }'),
    op('EligibleShoppersCounted', '{ opportunities(first: 100) { nodes { eligibleShoppers(first: 1) { __typename } } } }'),
    ...['PENDING', 'VERIFIED', 'DISPUTED'].map((status) =>
      op(`Deliverables${status}`, `{ deliverables(first: 100, filter: { verificationStatus: ${status} }) { totalCount nodes { id } } }`),
    ),
    ...industries.map((industry, i) => op(`ClientsInIndustry${i}`, '($industry: String) { clients(first: 100, industry: $industry) { totalCount nodes { id } } }', { industry })),
    op('UnknownIds', '{ shopper(id: "shp_999999") { id name } deliverable(id: "dlv_999999") { id } client(id: "nope") { id } }'),
    op('BadCursor', '{ shoppers(after: "not-a-cursor") { totalCount } }'),
    op('CursorPaging', `($after: String) { shoppers(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, { after: cursorOf(data.shoppers[2]!._id) }),
    op('EveryShopperField', `{ shoppers(first: 100) { nodes { ${shopper} } } }`),
    op('EveryDeliverableField', `{ deliverables(first: 100) { nodes { ${deliverable} shopper { ${shopper} } } } }`),
    op('EveryClientField', `{ clients(first: 100) { nodes { ${client} } } }`),
    op('Me', `{ me { ${shopper} } }`),
    ...someShoppers.map((id, i) => op(`OneShopper${i}`, `($id: ID!) { shopper(id: $id) { ${shopper} assignments(first: 100) { totalCount nodes { id } } } }`, { id })),
  ];
  if (options.trafficStats) {
    for (const groupBy of ['DAY', 'AREA', 'BROWSER', 'DEVICE']) ops.push(op(`Traffic${groupBy}`, `{ trafficStats(groupBy: ${groupBy}) { group visits visitors } }`));
  }
  return ops;
}
