import type { Identity } from '@confero/gateway';
import type { SeedData } from '@confero/tools';

/** A caller as the benchmark states it: token identity and `x-purpose`. */
export interface BenchCaller {
  identity: Identity;
  purpose: string;
}

/** One operation of the benchmark, with the callers of its privacy-gateway variants. */
export interface BenchOperation {
  name: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  /** Variant C's caller: a restricted role, for which fields are withheld or masked. */
  restricted: BenchCaller;
  /** Variants B and D's caller, and the caller context of the baselines: one the policy gives every field of the operation. */
  fullAccess: BenchCaller;
}

/** Variants B and D's caller: full access (privacy work done, nothing withheld). */
export const FULL_ACCESS: BenchCaller = { identity: { sub: 'bench-legal', role: 'LEGAL' }, purpose: 'LEGAL_COMPLIANCE' };

/**
 * Full access for the deep operation: `eligibleShoppers` is collected for opportunity matching
 * only, and operations staff stating it get every field the operation selects.
 */
export const MATCHING_ACCESS: BenchCaller = { identity: { sub: 'bench-operations', role: 'OPERATIONS' }, purpose: 'OPPORTUNITY_MATCHING' };

const DASHBOARD = /* GraphQL */ `
  query ClientDashboard($clientId: ID!, $first: Int!) {
    deliverables(first: $first, filter: { clientId: $clientId }) {
      totalCount
      nodes {
        id
        submittedAt
        verificationStatus
        answers { question answer }
        receipt { receiptNumber purchasedAt amount currency }
        recordings { kind url durationSeconds }
        checkIn { at location { lat lng } }
        opportunity {
          id
          title
          fee
          currency
          store { name city region }
          client { id name industry }
        }
        shopper { id name email phone rating }
      }
    }
  }`;

const SHOPPER_PROFILE = /* GraphQL */ `
  query ShopperProfile($id: ID!) {
    shopper(id: $id) {
      id status policyVersion createdAt
      consents { shareContactWithPartners marketingEmails }
      firstName lastName name alias email phone
      address { street city region postalCode country }
      dateOfBirth ssn driversLicense passportNumber taxId
      bankAccount { bankName routingNumber accountNumber }
      signatureRef
      education { institution degree year }
      employment { employer title startYear endYear }
      jobHistory { employer title startYear endYear }
      competitorAffiliations gender raceEthnicity maritalStatus veteranStatus disability
      homeLocation { lat lng }
      ipAddresses
      webActivity { at ipAddress domain device browser page }
      rating
      evaluations { date score comment }
      assignments(first: 20) {
        totalCount
        nodes {
          id status acceptedAt
          opportunity { id title client { id name } }
          deliverables { id submittedAt verificationStatus receipt { amount currency } }
        }
      }
    }
  }`;

const PARTNER_REFERRALS = /* GraphQL */ `
  query PartnerReferrals($region: String!) {
    shoppers(first: 50, filter: { region: $region }) {
      nodes { id name email phone address { street city region postalCode } }
    }
  }`;

/**
 * Entity hops back and forth across the three subgraphs (opportunity → shopper → opportunity
 * → client → opportunity), a `@requires` (eligible shoppers need the opportunity's store and
 * requirements and the client's competitors), depth 10 (the gateway's default limit).
 */
const DEEP_NESTED = /* GraphQL */ `
  query DeepNested($clientId: ID!, $first: Int!) {
    deliverables(first: $first, filter: { clientId: $clientId }) {
      nodes {
        id submittedAt verificationStatus
        shopper {
          id name rating
          evaluations { score }
          assignments(first: 5) {
            nodes {
              id status
              opportunity {
                id title
                client { id name industry opportunities(first: 3) { totalCount nodes { id title fee } } }
              }
            }
          }
        }
        opportunity { id title client { id name } eligibleShoppers(first: 3) { id name rating } }
      }
    }
  }`;

const SHOPPER_CARD = /* GraphQL */ `
  query ShopperCard($id: ID!) {
    shopper(id: $id) { id status name email rating }
  }`;

/** The benchmark's operations, on inputs picked from the (deterministic) seed data. */
export function benchOperations(data: SeedData): BenchOperation[] {
  const clientId = mostCommon(data.deliverables.map((d) => d.clientId));
  const shopperId = mostCommon(data.assignments.map((a) => a.shopperId));
  const region = mostCommon(data.shoppers.map((s) => s.address?.region ?? ''));
  const client: BenchCaller = { identity: { sub: 'bench-client', role: 'CLIENT', clientId }, purpose: 'CLIENT_REPORTING' };
  const support: BenchCaller = { identity: { sub: 'bench-support', role: 'SUPPORT' }, purpose: 'SERVICES' };
  const partner: BenchCaller = { identity: { sub: 'bench-partner', role: 'PARTNER', partnerId: 'bench-partner-co' }, purpose: 'PARTNER_REFERRAL' };
  const fullAccess = FULL_ACCESS;
  return [
    { name: 'dashboard-10', title: 'client dashboard, first: 10', query: DASHBOARD, variables: { clientId, first: 10 }, restricted: client, fullAccess },
    { name: 'dashboard-50', title: 'client dashboard, first: 50', query: DASHBOARD, variables: { clientId, first: 50 }, restricted: client, fullAccess },
    { name: 'shopper-profile', title: 'internal shopper profile', query: SHOPPER_PROFILE, variables: { id: shopperId }, restricted: support, fullAccess },
    { name: 'partner-referrals', title: 'partner referral list', query: PARTNER_REFERRALS, variables: { region }, restricted: partner, fullAccess },
    { name: 'shopper-card', title: 'small single-subgraph query', query: SHOPPER_CARD, variables: { id: shopperId }, restricted: support, fullAccess },
    {
      name: 'deep-nested',
      title: 'deliverables → shopper → assignments → opportunity → client → opportunities, and eligible shoppers (@requires), first: 10',
      query: DEEP_NESTED,
      variables: { clientId, first: 10 },
      restricted: client,
      fullAccess: MATCHING_ACCESS,
    },
  ];
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) [best, bestCount] = [value, count];
  }
  return best;
}
