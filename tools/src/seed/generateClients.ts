import type { ClientDocument } from '@confero/subgraph-client';
import { CONTACT_TITLES, INDUSTRIES, type Industry } from './companies.ts';
import { CITIES } from './geography.ts';
import { FIRST_NAMES, LAST_NAMES } from './people.ts';
import { DIGITS, seedId, type SeedContext } from './seedContext.ts';

/** A generated client with what the later generators need to know about it. */
export interface SeededClient {
  doc: ClientDocument;
  industry: Industry;
}

const REGIONAL = ['West', 'Northeast', 'Pacific', 'Gulf Coast', 'Midwest', 'Southeast', 'Mountain'] as const;

const slug = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

/**
 * Clients: companies taken round-robin across industries (so every industry has clients whose
 * competitors are other real-ish companies of the same industry), 2–3 contacts each.
 */
export function generateClients(ctx: SeedContext, count: number): SeededClient[] {
  const { random, unique } = ctx;
  const bases: Array<{ base: string; industry: Industry }> = [];
  const widest = Math.max(...INDUSTRIES.map((i) => i.companies.length));
  for (let j = 0; j < widest; j++) {
    for (const industry of INDUSTRIES) if (industry.companies[j]) bases.push({ base: industry.companies[j]!, industry });
  }
  // More clients than companies: regional divisions ("Burger Barn West", "Burger Barn West 2", …).
  const companies = Array.from({ length: count }, (_, i) => {
    const { base, industry } = bases[i % bases.length]!;
    const division = Math.floor(i / bases.length);
    const round = Math.floor((division - 1) / REGIONAL.length);
    const suffix = division === 0 ? '' : ` ${REGIONAL[(division - 1) % REGIONAL.length]}${round > 0 ? ` ${round + 1}` : ''}`;
    return { name: `${base}${suffix}`, industry, base };
  });
  return companies.map(({ name, industry, base }, i) => {
    const domain = `${slug(base)}-corp.test`;
    const contacts = Array.from({ length: random.int(2, 3) }, () => {
      const marker = ctx.nextMarker();
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const areaCode = random.pick(CITIES).areaCode;
      return {
        name: `${first}${marker} ${last}${marker}`,
        title: random.pick(CONTACT_TITLES),
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${marker}@${domain}`,
        phone: unique.take('phone', (r) => `(${areaCode}) ${r.chance(0.6) ? '555' : r.int(201, 989)}-${r.chars(DIGITS, 4)}`),
      };
    });
    return {
      industry,
      doc: {
        _id: seedId('cli', i + 1, 4),
        name,
        industry: industry.name,
        competitors: industry.companies.filter((c) => c !== base),
        createdAt: ctx.plainTime(Date.UTC(2015, 0, 1), Date.UTC(2025, 0, 1)),
        contacts,
      },
    };
  });
}
