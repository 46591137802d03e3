import type { Employment, ShopperDocument } from '@confero/subgraph-shopper';
import { JOB_TITLES, OTHER_EMPLOYERS } from './companies.ts';
import { CITIES, STREET_NAMES, STREET_SUFFIXES, type City } from './geography.ts';
import {
  BANKS, BROWSERS, DEGREES, DEVICES, DISABILITIES, EVALUATION_REMARKS, FIRST_NAMES, GENDERS, ISP_DOMAINS, LAST_NAMES,
  MARITAL_STATUSES, RACE_ETHNICITIES, SITE_PAGES, UNIVERSITIES, VETERAN_STATUSES,
} from './people.ts';
import { DAY_MS, DIGITS, SEED_NOW, seedId, type SeedContext } from './seedContext.ts';

/** A generated shopper and the metro area it lives around. */
export interface SeededShopper {
  doc: ShopperDocument;
  city: City;
}

/** The two privacy-policy versions the seed's data was collected under. */
export const POLICY_VERSIONS = ['2024-01-01', '2026-11-01'] as const;

const CITY_WEIGHTS = CITIES.map((c) => [c, c.weight] as const);

/**
 * Shoppers clustered around US cities. Every string PII value embeds the shopper's marker or is
 * drawn unique; numbers that identify (coordinates, rating) are unique with six decimals.
 * `affiliationPool`: company names some shoppers are affiliated with (the clients' competitors).
 */
export function generateShoppers(ctx: SeedContext, count: number, affiliationPool: readonly string[]): SeededShopper[] {
  const { random, unique } = ctx;
  return Array.from({ length: count }, (_, i) => {
    const id = seedId('shp', i + 1, 6);
    const marker = ctx.nextMarker();
    const city = random.weighted(CITY_WEIGHTS);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const dateOfBirth = unique.prefer('dateOfBirth', (r) => new Date(Date.UTC(1952, 0, 1) + r.int(0, 20_000) * DAY_MS).toISOString().slice(0, 10));
    const birthYear = Number(dateOfBirth.slice(0, 4));
    const oldPolicy = random.chance(1 / 3);
    const affiliations =
      affiliationPool.length > 0 && random.chance(0.14) ? random.sample(affiliationPool, random.chance(0.8) ? 1 : 2) : [];
    const employment: Employment = {
      employer: affiliations[0] ?? random.pick(OTHER_EMPLOYERS),
      title: random.pick(JOB_TITLES),
      startYear: random.int(Math.max(birthYear + 18, 2005), 2026),
      endYear: null,
    };
    const ipAddresses = Array.from({ length: random.int(1, 3) }, () =>
      unique.take('ip', (r) => `${r.pick([23, 24, 47, 63, 66, 68, 71, 73, 76, 96, 98, 99, 104, 107, 108, 72, 173, 174])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`),
    );
    const isp = random.pick(ISP_DOMAINS);
    return {
      city,
      doc: {
        _id: id,
        status: random.weighted([['ACTIVE', 82], ['INACTIVE', 13], ['SUSPENDED', 5]] as const),
        policyVersion: oldPolicy ? POLICY_VERSIONS[0] : POLICY_VERSIONS[1],
        createdAt: ctx.plainTime(Date.UTC(2024, 0, 1), oldPolicy ? Date.UTC(2026, 10, 1) : SEED_NOW),
        consents: { shareContactWithPartners: random.chance(0.5), marketingEmails: random.chance(0.6) },
        firstName: `${first}${marker}`,
        lastName: `${last}${marker}`,
        alias: `${first.toLowerCase()}_${last[0]!.toLowerCase()}${marker}`,
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${marker}@shopper-mail.test`,
        phone: unique.take('phone', (r) => `(${city.areaCode}) ${r.chance(0.6) ? '555' : r.int(201, 989)}-${r.chars(DIGITS, 4)}`),
        address: {
          street: `${random.int(100, 9899)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}, Apt ${marker.toUpperCase()}`,
          city: city.name,
          region: city.region,
          postalCode: unique.take('postalCode', (r) => `${city.zip3}${r.chars(DIGITS, 2)}-${r.chars(DIGITS, 4)}`),
          country: 'US',
        },
        dateOfBirth,
        ssn: unique.take('ssn', (r) => `9${r.chars(DIGITS, 2)}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`),
        driversLicense: unique.take('license', (r) => `${city.region}-${r.chars('ABCDEFGHJKLMNPRSTWY', 1)}${r.chars(DIGITS, 3)}-${r.chars(DIGITS, 4)}-${r.chars(DIGITS, 4)}`),
        passportNumber: random.chance(0.6) ? unique.take('passport', (r) => `${r.int(5, 6)}${r.chars(DIGITS, 8)}`) : null,
        taxId: unique.take('taxId', (r) => `${r.int(10, 98)}-${r.chars(DIGITS, 7)}`),
        bankAccount: {
          bankName: random.pick(BANKS),
          routingNumber: unique.take('routing', (r) => `${r.pick(['011', '021', '031', '041', '051', '061', '071', '081', '091', '101', '111', '121'])}${r.chars(DIGITS, 6)}`),
          accountNumber: unique.take('account', (r) => `${r.int(1, 9)}${r.chars(DIGITS, 11)}`),
        },
        signatureRef: `sig://shopper-signatures/${id}/${marker}.png`,
        education: Array.from({ length: random.int(1, 2) }, (_, k) => ({
          institution: random.pick(UNIVERSITIES),
          degree: k === 0 ? random.pick(DEGREES) : random.pick(DEGREES.slice(2)),
          year: Math.min(birthYear + 18 + k * 4 + random.int(0, 3), 2026),
        })),
        employment,
        jobHistory: Array.from({ length: random.int(0, 3) }, () => {
          const startYear = random.int(birthYear + 16, Math.max(birthYear + 17, employment.startYear - 1));
          return {
            employer: random.pick(OTHER_EMPLOYERS),
            title: random.pick(JOB_TITLES),
            startYear,
            endYear: Math.min(startYear + random.int(1, 6), employment.startYear),
          };
        }),
        competitorAffiliations: affiliations,
        gender: random.weighted(GENDERS),
        raceEthnicity: random.weighted(RACE_ETHNICITIES),
        maritalStatus: random.weighted(MARITAL_STATUSES),
        veteranStatus: random.weighted(VETERAN_STATUSES),
        disability: random.weighted(DISABILITIES),
        homeLocation: unique.takePoint(city, 14, 70),
        ipAddresses,
        webActivity: Array.from({ length: random.int(2, 5) }, (_, k) => {
          const ipAddress = random.pick(ipAddresses);
          return {
            at: ctx.piiTime(Date.UTC(2026, 0, 1), SEED_NOW),
            ipAddress,
            domain: `pool-${ipAddress.replace(/\./g, '-')}.${isp}`,
            device: random.pick(DEVICES),
            browser: random.pick(BROWSERS),
            page: `${random.pick(SITE_PAGES)}?sid=${marker}${k + 1}`,
          };
        }),
        rating: unique.takeNumber('rating', (r) => {
          const value = Math.min(5, Math.max(1, 3.9 + r.normal() * 0.6));
          const micro = Math.round(value * 1e6);
          return (micro % 10 === 0 ? micro + (micro >= 5_000_000 ? -1 : 1) : micro) / 1e6;
        }),
        evaluations: Array.from({ length: random.int(0, 4) }, (_, k) => ({
          date: new Date(Date.UTC(2024, 0, 1) + random.int(0, 1_050) * DAY_MS).toISOString().slice(0, 10),
          score: random.weighted([[5, 35], [4, 35], [3, 18], [2, 8], [1, 4]] as const),
          comment: `${random.pick(EVALUATION_REMARKS)} (eval ${marker}-${k + 1})`,
        })),
      },
    };
  });
}
