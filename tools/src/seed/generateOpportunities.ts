import type { OpportunityDocument, Store } from '@confero/subgraph-opportunity';
import { CITIES, STREET_NAMES, STREET_SUFFIXES, type City } from './geography.ts';
import type { SeededClient } from './generateClients.ts';
import { DAY_MS, moneyAmount, SEED_NOW, seedId, type SeedContext } from './seedContext.ts';

/** A generated opportunity with its client and the metro area of its store. */
export interface SeededOpportunity {
  doc: OpportunityDocument;
  client: SeededClient;
  city: City;
}

const CITY_WEIGHTS = CITIES.map((c) => [c, c.weight] as const);
const MIN_RATINGS = [[0, 10], [2.5, 15], [3, 25], [3.5, 25], [4, 18], [4.5, 7]] as const;
const MAX_DISTANCES_KM = [[5, 10], [10, 20], [15, 20], [25, 25], [40, 15], [60, 10]] as const;

/**
 * Opportunities at the clients' stores (each client has 2–8 stores in several cities), with
 * requirements that vary (minimum rating, distance, purchase, recording), windows around the
 * seed's "now" and a status that follows the window.
 */
export function generateOpportunities(ctx: SeedContext, count: number, clients: readonly SeededClient[]): SeededOpportunity[] {
  const { random, unique } = ctx;
  if (clients.length === 0) return [];
  const storesOf = clients.map((client) =>
    Array.from({ length: random.int(2, 8) }, () => {
      const city = random.weighted(CITY_WEIGHTS);
      const store: Store = {
        name: `${client.doc.name} #${unique.take(`store-number:${client.doc._id}`, (r) => String(r.int(101, 2999)))}`,
        street: `${random.int(10, 9900)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`,
        city: city.name,
        region: city.region,
        location: unique.takePoint(city, 9, 30),
      };
      return { store, city };
    }),
  );
  const clientWeights = clients.map((_, i) => [i, random.int(1, 5)] as const);
  return Array.from({ length: count }, (_, i) => {
    const c = random.weighted(clientWeights);
    const client = clients[c]!;
    const { store, city } = random.pick(storesOf[c]!);
    const windowStart = ctx.plainTime(Date.UTC(2025, 8, 1), Date.UTC(2027, 0, 15));
    const windowEnd = new Date(windowStart.getTime() + random.int(7, 28) * DAY_MS);
    const status: OpportunityDocument['status'] = random.chance(0.05)
      ? 'CANCELLED'
      : windowEnd.getTime() < SEED_NOW
        ? 'COMPLETED'
        : random.weighted([['OPEN', 55], ['ASSIGNED', 45]] as const);
    return {
      client,
      city,
      doc: {
        _id: seedId('opp', i + 1, 6),
        clientId: client.doc._id,
        title: random.pick(client.industry.titles),
        store: { ...store, location: { ...store.location } },
        requirements: {
          minRating: random.weighted(MIN_RATINGS),
          maxDistanceKm: random.weighted(MAX_DISTANCES_KM),
          purchaseRequired: client.industry.purchase !== null && random.chance(0.85),
          recordingRequired: random.chance(0.3),
        },
        fee: unique.takeNumber('amount', (r) => moneyAmount(r, 12, 85)),
        currency: 'USD',
        windowStart,
        windowEnd,
        status,
      },
    };
  });
}
