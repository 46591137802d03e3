import type { AssignmentStatus, DeliverableDocument, Recording, VerificationStatus } from '@confero/subgraph-opportunity';
import type { SeededAssignment } from './generateAssignments.ts';
import { ANSWER_STYLES } from './people.ts';
import { DAY_MS, DIGITS, moneyAmount, seedId, type SeedContext } from './seedContext.ts';

const VERIFICATION = [['VERIFIED', 60], ['PENDING', 30], ['DISPUTED', 10]] as const;
const ASSIGNMENT_STATUS: Record<VerificationStatus, AssignmentStatus> = {
  VERIFIED: 'APPROVED',
  PENDING: 'SUBMITTED',
  DISPUTED: 'REJECTED',
};
const HOUR_MS = 3_600_000;

/**
 * Deliverables for the earliest assignments (about 5% are a second submission for the same
 * assignment), with answers, a receipt where a purchase was required, audio/video/photo
 * recordings and a check-in beside the store. Ids follow `submittedAt` ("newest first" is
 * descending id). Sets each delivered assignment's status from its last verification.
 */
export function generateDeliverables(ctx: SeedContext, count: number, assignments: readonly SeededAssignment[]): DeliverableDocument[] {
  const { random, unique } = ctx;
  if (assignments.length === 0) return [];
  const firsts = Math.min(assignments.length, count - Math.floor(count * 0.05));
  const targets = [
    ...assignments.slice(0, firsts),
    ...Array.from({ length: count - firsts }, () => random.pick(assignments.slice(0, Math.max(1, firsts)))),
  ];
  const drafts = targets.map((assignment) => {
    const { doc: opportunity } = assignment.opportunity;
    const from = Math.max(assignment.doc.acceptedAt.getTime(), opportunity.windowStart.getTime());
    const to = Math.max(from + HOUR_MS, opportunity.windowEnd.getTime());
    const visit = ctx.plainTime(from, to).getTime();
    return { assignment, visit, submittedAt: ctx.plainTime(visit + HOUR_MS, visit + 2 * DAY_MS) };
  });
  drafts.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  let amountDraws = 0; // widens the range a little on every draw, so unique amounts never run out
  return drafts.map(({ assignment, visit, submittedAt }, i) => {
    const id = seedId('dlv', i + 1, 6);
    const marker = ctx.nextMarker();
    const { doc: opportunity, client } = assignment.opportunity;
    const verificationStatus = random.weighted(VERIFICATION);
    assignment.doc.status = ASSIGNMENT_STATUS[verificationStatus];
    const purchase = client.industry.purchase;
    const recordings: Recording[] = [];
    if (opportunity.requirements.recordingRequired) {
      const kind = random.chance(0.6) ? 'AUDIO' : 'VIDEO';
      recordings.push({
        kind,
        url: `https://media.confero.test/deliverables/${id}/${marker}-1.${kind === 'AUDIO' ? 'm4a' : 'mp4'}`,
        durationSeconds: random.int(90, 1_500),
      });
    }
    if (random.chance(0.4)) {
      recordings.push({ kind: 'PHOTO', url: `https://media.confero.test/deliverables/${id}/${marker}-2.jpg`, durationSeconds: 0 });
    }
    return {
      _id: id,
      assignmentId: assignment.doc._id,
      opportunityId: opportunity._id,
      shopperId: assignment.doc.shopperId,
      clientId: opportunity.clientId,
      submittedAt,
      verificationStatus,
      answers: random.sample(client.industry.questions, 3).map((question, k) => ({
        question,
        answer: `${random.pick(ANSWER_STYLES)} [obs ${marker}-${k + 1}]`,
      })),
      receipt:
        opportunity.requirements.purchaseRequired && purchase
          ? {
              receiptNumber: unique.take('receipt', (r) => `R${r.chars(DIGITS, 4)}-${r.chars(DIGITS, 6)}`),
              purchasedAt: ctx.piiTime(visit + 5 * 60_000, visit + 40 * 60_000),
              amount: unique.takeNumber('amount', (r) => moneyAmount(r, purchase[0], purchase[1] + amountDraws++ / 1_000)),
              currency: 'USD',
              cardLast4: random.chars(DIGITS, 4),
            }
          : null,
      recordings,
      checkIn: {
        at: ctx.piiTime(visit, visit + 5 * 60_000),
        location: unique.takePoint(opportunity.store.location, 0.03, 0.15),
      },
    };
  });
}
