import { buildASTSchema, parse } from 'graphql';
import fc from 'fast-check';
import { SignJWT, UnsecuredJWT } from 'jose';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations, leaks, type Asker } from './support/leakExpectations.ts';
import { randomOperation } from '@confero/testing';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';

// The privacy invariant, property-based: random operations over the whole supergraph (random
// selections, aliases, fragments, variables, @include/@skip, nested entities), asked by random
// roles with random purposes (or none) and tokens (some bad). Whatever the gateway answers,
// the raw body holds no seeded value the policy withholds from that caller.
//
// PROPERTY_RUNS scales it (default 600; `npm run test:property` runs 5000); PROPERTY_SEED
// replays a failure (fast-check prints the seed and path).

const RUNS = Number(process.env.PROPERTY_RUNS ?? 600);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const SMALL_SEED = { shoppers: 16, clients: 3, opportunities: 14, assignments: 30, deliverables: 20 };
const STACK_TRACE = /\bat [^\n]+:\d+:\d+|node_modules|stacktrace/;
const NOBODY: Asker = { role: 'NOBODY', purpose: null };
const TOKEN_KINDS = [...Array<'valid'>(12).fill('valid'), 'expired', 'otherSecret', 'unsigned', 'garbage', 'none'] as const;

describe('the privacy invariant, over random operations, callers and purposes', () => {
  let t: TestSystem;
  const schema = buildASTSchema(parse(readSupergraph()), { assumeValidSDL: true });
  const secret = new TextEncoder().encode(TEST_SECRETS.jwt);
  const forbiddenCache = new Map<string, ReturnType<typeof expectations>['forbidden']>();
  const forbiddenFor = (asker: Asker) => {
    const key = JSON.stringify(asker);
    let forbidden = forbiddenCache.get(key);
    if (!forbidden) forbiddenCache.set(key, (forbidden = expectations(t.data, t.policy, asker).forbidden));
    return forbidden;
  };

  beforeAll(async () => {
    t = await startTestSystem({ seed: SMALL_SEED });
  });
  afterAll(async () => t?.stop());

  it(`never returns a withheld value (${RUNS} runs)`, async () => {
    const roles = [...Object.keys(t.policy.document.roles), 'ADMIN'];
    const ids = {
      Shopper: t.data.shoppers.map((s) => s._id),
      Client: t.data.clients.map((c) => c._id),
      Opportunity: t.data.opportunities.map((o) => o._id),
      Deliverable: t.data.deliverables.map((d) => d._id),
      Assignment: t.data.assignments.map((a) => a._id),
    };
    const statuses = new Map<number, number>();
    const run = fc.asyncProperty(fc.gen(), async (g) => {
      const int = (min: number, max: number) => g(fc.integer, { min, max });
      const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
      const role = pick(roles);
      const granted = t.policy.hasRole(role) ? t.policy.purposesOf(role) : [];
      const purposeChoice = int(0, 9);
      const purpose = purposeChoice < 6 && granted.length > 0 ? pick(granted) : purposeChoice < 8 ? null : purposeChoice < 9 ? pick([...t.policy.purposes.keys()]) : 'SELLING_DATA';
      const identity: { sub: string; role: string; clientId?: string; shopperId?: string; partnerId?: string } = {
        sub: `prop-${role.toLowerCase()}`,
        role,
        ...(role === 'CLIENT' ? { clientId: pick(ids.Client) } : {}),
        ...(role === 'SHOPPER' ? { shopperId: pick(ids.Shopper) } : {}),
        ...(role === 'PARTNER' ? { partnerId: 'ptn_1' } : {}),
      };
      const tokenKind = pick(TOKEN_KINDS);
      const authorization = await tokenFor(tokenKind, identity, secret);
      const operation = randomOperation(schema, { int }, { ids: { ...ids, Shopper: identity.shopperId ? [identity.shopperId, ...ids.Shopper] : ids.Shopper } });

      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
        body: JSON.stringify(operation),
      });
      const body = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);

      // Who the gateway sees: a verified role with a granted purpose (or none); anybody else gets nothing.
      const verified = tokenKind === 'valid' && t.policy.hasRole(role) && (purpose === null || (granted as readonly string[]).includes(purpose));
      const asker: Asker = verified ? { role, purpose: purpose as Asker['purpose'], clientId: identity.clientId, shopperId: identity.shopperId } : NOBODY;
      const leaked = leaks(body, forbiddenFor(asker));
      const context = `${role}/${purpose ?? '(none)'}/${tokenKind} → ${res.status}\n${operation.query}\n${JSON.stringify(operation.variables)}`;
      expect(leaked.map((l) => `${l.coordinate} of ${l.id}`), context).toEqual([]);
      expect(res.status, `${context}\n${body.slice(0, 500)}`).not.toBe(500);
      expect(body, context).not.toMatch(STACK_TRACE);
      if (!verified) expect(res.status, context).toBeGreaterThanOrEqual(400);
    });
    await fc.assert(run, { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true });
    // The runs must mostly execute, not bounce off validation: else the invariant is checked on nothing.
    const ok = statuses.get(200) ?? 0;
    expect(ok, JSON.stringify(Object.fromEntries(statuses))).toBeGreaterThan(RUNS * 0.35);
  }, Math.max(120_000, RUNS * 150));
});

async function tokenFor(kind: (typeof TOKEN_KINDS)[number], identity: { sub: string } & Record<string, string | undefined>, secret: Uint8Array): Promise<string | undefined> {
  const { sub, ...claims } = identity;
  const jwt = () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub!);
  switch (kind) {
    case 'valid':
      return `Bearer ${await jwt().setExpirationTime('10m').sign(secret)}`;
    case 'expired':
      return `Bearer ${await jwt().setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret)}`;
    case 'otherSecret':
      return `Bearer ${await jwt().setExpirationTime('10m').sign(new TextEncoder().encode('not-the-secret-0123456789-0123456789-xyz'))}`;
    case 'unsigned':
      return `Bearer ${new UnsecuredJWT(claims).setSubject(sub!).setExpirationTime('10m').encode()}`;
    case 'garbage':
      return 'Bearer eyJhbGciOiJIUzI1NiJ9.garbage.garbage';
    case 'none':
      return undefined;
  }
}
