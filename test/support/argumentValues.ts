import { getNamedType, isEnumType, isInputObjectType, isNonNullType, type GraphQLArgument, type GraphQLField, type GraphQLInputType } from 'graphql';
import type { SeedData } from '@confero/tools';
import type { Draw, RandomOperationOptions } from '@confero/testing';

/** The ids of the seeded records, by type name. */
export function seedIds(data: SeedData): Record<string, string[]> {
  return {
    Shopper: data.shoppers.map((s) => s._id),
    Client: data.clients.map((c) => c._id),
    Opportunity: data.opportunities.map((o) => o._id),
    Assignment: data.assignments.map((a) => a._id),
    Deliverable: data.deliverables.map((d) => d._id),
  };
}

/** The cursor of a record in a list (the subgraphs' `encodeCursor`: base64url of the id). */
export const cursorOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

/**
 * Realistic argument values for random operations, drawn from the seed itself: regions the
 * shoppers and stores are in (and one nobody is in), the clients' industries, every enum
 * value, ids and cursors of records that exist (sometimes one that does not), page sizes
 * from 1 to 100 (sometimes out of range), ISO dates around the seed's visits. Filters get a
 * random subset of their fields, so `shoppers(filter: { region: "MI", status: ACTIVE })` and
 * `deliverables(filter: { verificationStatus: DISPUTED })` both come up. Undefined leaves an
 * argument to the generator (or out).
 */
export function argumentValues(data: SeedData): NonNullable<RandomOperationOptions['argumentValue']> {
  const ids = seedIds(data);
  const regions = [...new Set([...data.shoppers.map((s) => s.address?.region), ...data.opportunities.map((o) => o.store.region)])].filter((r): r is string => !!r).sort();
  const industries = [...new Set(data.clients.map((c) => c.industry))].sort();
  const byName: Record<string, string[]> = {
    region: [...regions, 'ZZ'],
    industry: [...industries, 'Space Tourism'],
    clientId: [...ids.Client!, 'cli_9999'],
    opportunityId: [...ids.Opportunity!, 'opp_999999'],
    shopperId: [...ids.Shopper!, 'shp_999999'],
  };
  const pick = <T>(draw: Draw, items: readonly T[]): T => items[draw.int(0, items.length - 1)]!;

  function valueOf(name: string, type: GraphQLInputType, draw: Draw, listType?: string): unknown {
    const named = getNamedType(type);
    if (isEnumType(named)) return pick(draw, named.getValues()).value;
    if (isInputObjectType(named)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(named.getFields())) {
        if (draw.int(0, 99) >= 55) continue;
        const v = valueOf(f.name, f.type, draw);
        if (v !== undefined) out[f.name] = v;
      }
      return out;
    }
    if (name === 'first' && named.name === 'Int') return draw.int(0, 99) < 5 ? pick(draw, [0, 101, -1]) : pick(draw, [1, 2, 3, 5, 10, 50, 100]);
    if (name === 'after' && listType) {
      const candidates = ids[listType] ?? [];
      if (candidates.length === 0 || draw.int(0, 99) < 10) return 'not-a-cursor';
      return cursorOf(pick(draw, candidates));
    }
    if ((name === 'from' || name === 'to') && named.name === 'String') {
      const day = draw.int(0, 330);
      return new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, draw.int(0, 1) === 0 ? 10 : 24);
    }
    const vocabulary = byName[name];
    return vocabulary ? pick(draw, vocabulary) : undefined;
  }

  return (field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, draw: Draw) => {
    // A third of optional arguments stay out, so defaults are exercised too.
    if (!isNonNullType(arg.type) && draw.int(0, 99) < 33) return undefined;
    const returned = getNamedType(field.type).name;
    const listType = returned.endsWith('Connection') ? returned.slice(0, -'Connection'.length) : undefined;
    return valueOf(arg.name, arg.type, draw, listType);
  };
}
