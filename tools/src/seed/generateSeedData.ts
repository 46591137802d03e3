import type { ClientDocument } from '@confero/subgraph-client';
import type { AssignmentDocument, DeliverableDocument, OpportunityDocument } from '@confero/subgraph-opportunity';
import type { ShopperDocument } from '@confero/subgraph-shopper';
import { generateAssignments } from './generateAssignments.ts';
import { generateClients } from './generateClients.ts';
import { generateDeliverables } from './generateDeliverables.ts';
import { generateOpportunities } from './generateOpportunities.ts';
import { generateShoppers } from './generateShoppers.ts';
import { createSeedContext } from './seedContext.ts';

/** The seed's sizes and PRNG seed; every field has a default. */
export interface SeedOptions {
  /** PRNG seed. Default {@link DEFAULT_SEED}. */
  seed?: number;
  /** Default 1,000. */
  shoppers?: number;
  /** Default 40. */
  clients?: number;
  /** Default 2,000 (none without clients). */
  opportunities?: number;
  /** Default 6,000 (none without opportunities or shoppers). */
  assignments?: number;
  /** Default 5,000 (none without assignments). */
  deliverables?: number;
}

/** The documents of the five collections, as they are written. */
export interface SeedData {
  shoppers: ShopperDocument[];
  clients: ClientDocument[];
  opportunities: OpportunityDocument[];
  assignments: AssignmentDocument[];
  deliverables: DeliverableDocument[];
}

export const DEFAULT_SEED = 20_261_101;

export const DEFAULT_SEED_SIZES = {
  shoppers: 1_000,
  clients: 40,
  opportunities: 2_000,
  assignments: 6_000,
  deliverables: 5_000,
} as const;

/** The options with their defaults filled in (and checked: whole numbers ≥ 0). */
export function resolveSeedOptions(options: SeedOptions = {}): Required<SeedOptions> {
  const resolved = { seed: options.seed ?? DEFAULT_SEED, ...DEFAULT_SEED_SIZES };
  for (const key of Object.keys(DEFAULT_SEED_SIZES) as Array<keyof typeof DEFAULT_SEED_SIZES>) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw new Error(`seed: ${key} must be a whole number ≥ 0, got ${value}`);
    resolved[key] = value as never;
  }
  if (!Number.isInteger(resolved.seed)) throw new Error(`seed: seed must be an integer, got ${resolved.seed}`);
  return resolved;
}

/**
 * Generates the seed data: pure (no database), deterministic (the same options always give the
 * same documents), realistic (US metro areas, stores, industries, competitor affiliations), and
 * with every identifying PII value unique and recognisable (see `piiValuesOf`). Sizes that need
 * a parent collection are 0 when that collection is empty.
 */
export function generateSeedData(options: SeedOptions = {}): SeedData {
  const sizes = resolveSeedOptions(options);
  const ctx = createSeedContext(sizes.seed);
  const clients = generateClients(ctx, sizes.clients);
  const competitorNames = [...new Set(clients.flatMap((c) => c.doc.competitors))].sort();
  const shoppers = generateShoppers(ctx, sizes.shoppers, competitorNames);
  const opportunities = generateOpportunities(ctx, sizes.opportunities, clients);
  const assignments = generateAssignments(ctx, sizes.assignments, opportunities, shoppers);
  const deliverables = generateDeliverables(ctx, sizes.deliverables, assignments);
  return {
    shoppers: shoppers.map((s) => s.doc),
    clients: clients.map((c) => c.doc),
    opportunities: opportunities.map((o) => o.doc),
    assignments: assignments.map((a) => a.doc),
    deliverables,
  };
}
