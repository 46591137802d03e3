import { describe, expect, it } from 'vitest';
import { CATEGORICAL_PII_COORDINATES, POLICY_VERSIONS } from './index.ts';
import { DEFAULT_SEED_SIZES, generateSeedData, piiValuesOf, type SeedData } from '../index.ts';

const SMALL = { shoppers: 120, clients: 8, opportunities: 150, assignments: 400, deliverables: 300 };

describe('generateSeedData', () => {
  const data: SeedData = generateSeedData();

  it('generates the same documents every time for the same options', () => {
    expect(generateSeedData()).toEqual(data);
    expect(generateSeedData({ ...SMALL, seed: 7 })).toEqual(generateSeedData({ ...SMALL, seed: 7 }));
    expect(generateSeedData({ ...SMALL, seed: 8 }).shoppers[0]!.email).not.toBe(generateSeedData({ ...SMALL, seed: 7 }).shoppers[0]!.email);
  });

  it('generates the default sizes when none are given, and the asked sizes otherwise', () => {
    expect(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.length]))).toEqual(DEFAULT_SEED_SIZES);
    const small = generateSeedData(SMALL);
    expect(Object.fromEntries(Object.entries(small).map(([k, v]) => [k, v.length]))).toEqual(SMALL);
    expect(generateSeedData({ shoppers: 3, clients: 0 })).toMatchObject({ clients: [], opportunities: [], assignments: [], deliverables: [] });
    expect(generateSeedData({ clients: 150, shoppers: 1, opportunities: 1, assignments: 0, deliverables: 0 }).clients.map((c) => c.name).length).toBe(150);
  });

  it('refuses sizes that are not whole numbers ≥ 0', () => {
    expect(() => generateSeedData({ shoppers: -1 })).toThrow(/shoppers must be a whole number/);
    expect(() => generateSeedData({ clients: 1.5 })).toThrow(/clients must be a whole number/);
  });

  it('allocates ids in order, assignments by acceptedAt and deliverables by submittedAt', () => {
    expect(data.shoppers.slice(0, 2).map((s) => s._id)).toEqual(['shp_000001', 'shp_000002']);
    expect(data.clients[6]!._id).toBe('cli_0007');
    expect(data.opportunities[122]!._id).toBe('opp_000123');
    const inOrder = <T>(items: T[], id: (x: T) => string, time: (x: T) => number) =>
      items.every((x, i) => i === 0 || (id(items[i - 1]!) < id(x) && time(items[i - 1]!) <= time(x)));
    expect(inOrder(data.assignments, (a) => a._id, (a) => a.acceptedAt.getTime())).toBe(true);
    expect(inOrder(data.deliverables, (d) => d._id, (d) => d.submittedAt.getTime())).toBe(true);
  });

  it('keeps references consistent (clientId denormalised, deliverables of their assignment)', () => {
    const opportunities = new Map(data.opportunities.map((o) => [o._id, o]));
    const assignments = new Map(data.assignments.map((a) => [a._id, a]));
    const shoppers = new Set(data.shoppers.map((s) => s._id));
    const clients = new Set(data.clients.map((c) => c._id));
    for (const o of data.opportunities) expect(clients.has(o.clientId)).toBe(true);
    for (const a of data.assignments) {
      expect(a.clientId).toBe(opportunities.get(a.opportunityId)!.clientId);
      expect(shoppers.has(a.shopperId)).toBe(true);
    }
    for (const d of data.deliverables) {
      const a = assignments.get(d.assignmentId)!;
      expect([d.opportunityId, d.shopperId, d.clientId]).toEqual([a.opportunityId, a.shopperId, a.clientId]);
      expect(d.submittedAt.getTime()).toBeGreaterThan(a.acceptedAt.getTime());
    }
  });

  it('mixes policy versions (about a third on 2024-01-01) and partner-sharing consent (about half)', () => {
    const old = data.shoppers.filter((s) => s.policyVersion === POLICY_VERSIONS[0]).length / data.shoppers.length;
    const sharing = data.shoppers.filter((s) => s.consents.shareContactWithPartners).length / data.shoppers.length;
    expect(new Set(data.shoppers.map((s) => s.policyVersion))).toEqual(new Set(POLICY_VERSIONS));
    expect(old).toBeGreaterThan(0.25);
    expect(old).toBeLessThan(0.42);
    expect(sharing).toBeGreaterThan(0.4);
    expect(sharing).toBeLessThan(0.6);
  });

  it("affiliates some shoppers with clients' competitors, which are other companies of the same industry", () => {
    const competitors = new Set(data.clients.flatMap((c) => c.competitors));
    const affiliated = data.shoppers.filter((s) => (s.competitorAffiliations ?? []).some((a) => competitors.has(a)));
    expect(affiliated.length).toBeGreaterThan(50);
    for (const c of data.clients) {
      expect(c.competitors.length).toBeGreaterThan(1);
      expect(c.competitors).not.toContain(c.name);
    }
  });

  it('clusters shoppers around the stores, so distance matters', () => {
    const near = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => Math.abs(a.lat - b.lat) < 0.25 && Math.abs(a.lng - b.lng) < 0.3;
    const withNeighbours = data.opportunities.filter((o) => data.shoppers.some((s) => near(s.homeLocation!, o.store.location)));
    expect(withNeighbours.length / data.opportunities.length).toBeGreaterThan(0.9);
    const far = data.opportunities.filter((o) => data.shoppers.some((s) => !near(s.homeLocation!, o.store.location)));
    expect(far.length).toBe(data.opportunities.length);
  });

  it('varies the requirements of opportunities', () => {
    expect(new Set(data.opportunities.map((o) => o.requirements.minRating)).size).toBeGreaterThan(3);
    expect(new Set(data.opportunities.map((o) => o.requirements.maxDistanceKm)).size).toBeGreaterThan(3);
    expect(new Set(data.opportunities.map((o) => o.requirements.purchaseRequired))).toEqual(new Set([true, false]));
  });
});

describe('piiValuesOf', () => {
  const data = generateSeedData();
  const values = piiValuesOf(data);

  it('lists every PII leaf with its record, field, schema coordinate and JSON form', () => {
    const s = data.shoppers[0]!;
    expect(values).toContainEqual({ type: 'Shopper', id: s._id, field: 'Shopper.email', coordinate: 'Shopper.email', path: 'email', value: s.email, json: JSON.stringify(s.email), distinctive: true });
    expect(values).toContainEqual(expect.objectContaining({ id: s._id, coordinate: 'Shopper.name', value: `${s.firstName} ${s.lastName}` }));
    expect(values).toContainEqual(expect.objectContaining({ id: s._id, coordinate: 'GeoPoint.lat', path: 'homeLocation.lat', value: s.homeLocation!.lat }));
    expect(values).toContainEqual(expect.objectContaining({ id: s._id, coordinate: 'WebVisit.at', value: s.webActivity![0]!.at.toISOString() }));
    const d = data.deliverables.find((x) => x.receipt)!;
    expect(values).toContainEqual(expect.objectContaining({ type: 'Deliverable', id: d._id, field: 'Deliverable.receipt', coordinate: 'Receipt.receiptNumber' }));
    expect(values).toContainEqual(expect.objectContaining({ type: 'Deliverable', id: d._id, coordinate: 'GeoPoint.lng', path: 'checkIn.location.lng' }));
    expect(values).toContainEqual(expect.objectContaining({ type: 'Client', coordinate: 'ClientContact.email' }));
  });

  it('makes every distinctive PII value unique to one record across the data set', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const v of values.filter((x) => x.distinctive)) {
      const record = `${v.type}:${v.id}`;
      const seen = owner.get(v.json);
      if (seen && seen !== record) clashes.push(`${v.coordinate} ${v.json}: ${seen} and ${record}`);
      owner.set(v.json, record);
    }
    expect(clashes).toEqual([]);
    expect(values.filter((x) => x.distinctive).every((x) => x.json.length >= 4)).toBe(true);
  });

  it('leaves only categorical coordinates non-distinctive, and covers every other coordinate', () => {
    const coordinates = new Set(values.map((v) => v.coordinate));
    for (const c of [
      'Shopper.firstName', 'Shopper.lastName', 'Shopper.alias', 'Shopper.phone', 'PostalAddress.street', 'PostalAddress.postalCode',
      'Shopper.dateOfBirth', 'Shopper.ssn', 'Shopper.driversLicense', 'Shopper.passportNumber', 'Shopper.taxId',
      'BankAccount.routingNumber', 'BankAccount.accountNumber', 'Shopper.signatureRef', 'Shopper.ipAddresses', 'WebVisit.ipAddress',
      'WebVisit.domain', 'WebVisit.page', 'Shopper.rating', 'Evaluation.comment', 'ClientContact.name', 'ClientContact.phone',
      'QuestionAnswer.answer', 'Receipt.purchasedAt', 'Receipt.amount', 'Recording.url', 'CheckIn.at',
    ]) {
      expect(coordinates.has(c), c).toBe(true);
      expect(CATEGORICAL_PII_COORDINATES.has(c), c).toBe(false);
    }
    expect(values.filter((v) => !v.distinctive).every((v) => CATEGORICAL_PII_COORDINATES.has(v.coordinate))).toBe(true);
  });

  it('writes coordinates with six decimals', () => {
    const coords = values.filter((v) => v.coordinate.startsWith('GeoPoint.'));
    expect(coords.length).toBeGreaterThan(2 * data.shoppers.length);
    expect(coords.every((v) => /^-?\d+\.\d{6}$/.test(v.json))).toBe(true);
  });
});
