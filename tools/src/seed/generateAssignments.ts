import type { AssignmentDocument } from '@confero/subgraph-opportunity';
import type { SeededOpportunity } from './generateOpportunities.ts';
import type { SeededShopper } from './generateShoppers.ts';
import { DAY_MS, seedId, type SeedContext } from './seedContext.ts';

/** A generated assignment with its opportunity. */
export interface SeededAssignment {
  doc: AssignmentDocument;
  opportunity: SeededOpportunity;
}

/**
 * Assignments of shoppers to (not cancelled) opportunities, mostly to active shoppers of the
 * store's own metro area. Ids follow `acceptedAt`, so "newest first" is descending id.
 * Statuses start as ACCEPTED; the deliverables move them on.
 */
export function generateAssignments(
  ctx: SeedContext,
  count: number,
  opportunities: readonly SeededOpportunity[],
  shoppers: readonly SeededShopper[],
): SeededAssignment[] {
  const { random } = ctx;
  const open = opportunities.filter((o) => o.doc.status !== 'CANCELLED');
  const pool = open.length > 0 ? open : opportunities;
  if (pool.length === 0 || shoppers.length === 0) return [];
  const byCity = new Map<string, SeededShopper[]>();
  for (const s of shoppers) {
    if (s.doc.status !== 'ACTIVE') continue;
    const local = byCity.get(s.city.name);
    if (local) local.push(s);
    else byCity.set(s.city.name, [s]);
  }
  const taken = new Set<string>();
  const drafts = Array.from({ length: count }, () => {
    const opportunity = random.pick(pool);
    const start = opportunity.doc.windowStart.getTime();
    const acceptedAt = ctx.plainTime(start - 10 * DAY_MS, start);
    // A shopper of the store's metro area, registered before accepting, not yet on this opportunity.
    const local = byCity.get(opportunity.city.name);
    let shopper = random.pick(local && random.chance(0.9) ? local : shoppers);
    for (
      let tries = 0;
      tries < 8 && (taken.has(`${opportunity.doc._id}/${shopper.doc._id}`) || shopper.doc.createdAt >= acceptedAt);
      tries++
    ) {
      shopper = random.pick(local && tries < 4 ? local : shoppers);
    }
    taken.add(`${opportunity.doc._id}/${shopper.doc._id}`);
    return { opportunity, shopperId: shopper.doc._id, acceptedAt };
  });
  drafts.sort((a, b) => a.acceptedAt.getTime() - b.acceptedAt.getTime());
  return drafts.map((d, i) => ({
    opportunity: d.opportunity,
    doc: {
      _id: seedId('asg', i + 1, 6),
      opportunityId: d.opportunity.doc._id,
      shopperId: d.shopperId,
      clientId: d.opportunity.doc.clientId,
      status: 'ACCEPTED',
      acceptedAt: d.acceptedAt,
    },
  }));
}
