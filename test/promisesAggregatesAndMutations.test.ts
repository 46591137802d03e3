import { decide, readPiiAnnotations, signCallerContext } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openSystemDatabase, shopperCaller, shopperPicker, type Caller } from './support/promiseClient.ts';
import { CORRECT_MINE, CORRECT_THEIRS } from './support/promiseOperations.ts';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';
import { expectedRows, TRAFFIC_GROUPINGS, trueCells } from './support/trafficCells.ts';

// The privacy policy's promises about aggregates and writes (README, "Promises"): traffic data
// only in aggregate; mutations planned, masked and entitled like queries. (The others:
// promises.test.ts.)

describe('the promises of the privacy policy', () => {
  let t: TestSystem;
  let db: Awaited<ReturnType<typeof openSystemDatabase>>;
  /** A seeded shopper no other test of this file uses. */
  const pick = shopperPicker(() => t.data.shoppers);
  const stored = (id: string) => db.shoppers.findOne({ _id: id });

  beforeAll(async () => {
    t = await startTestSystem();
    db = await openSystemDatabase(t.system.database.uri);
  });
  afterAll(async () => {
    await db?.connection.close();
    await t?.stop();
  });

  describe('traffic data only in aggregate', () => {
    const VISITS = `{ shoppers(first: 100) { nodes { id ipAddresses webActivity { at ipAddress domain device browser page } } } }`;

    it('shows individual visits to the security analyst stating SECURITY, and to nobody else', async () => {
      const ips = [...new Set(t.data.shoppers.flatMap((s) => s.ipAddresses ?? []))];
      const seenBy: string[] = [];
      const client = t.data.clients[0]!._id;
      const own = t.data.shoppers[0]!;
      for (const role of t.policy.roles.keys()) {
        for (const purpose of [...t.policy.purposesOf(role), null]) {
          const caller: Caller = { role, ...(role === 'CLIENT' ? { clientId: client } : {}), ...(role === 'SHOPPER' ? { shopperId: own._id } : {}), ...(role === 'PARTNER' ? { partnerId: 'ptn_1' } : {}) };
          const res = await call(t, caller, purpose, VISITS);
          // A closed-world role without its purpose is refused the list itself (it cannot come back null).
          expect(res.status, `${role}/${purpose}`).toBe(t.policy.isClosedWorld(role) && purpose === null ? 403 : 200);
          if (ips.some((ip) => res.body.includes(`"${ip}"`))) seenBy.push(`${role}/${purpose}`);
          else if (res.status === 200) for (const node of res.json.data.shoppers.nodes) expect([node.ipAddresses, node.webActivity], `${role}/${purpose}`).toEqual([null, null]);
        }
      }
      expect(seenBy).toEqual(['SECURITY_ANALYST/SECURITY']);
    }, 120_000);

    it('counts visits and visitors per UTC day, and per UTC day and site area, browser or device, leaving out cells under 5 visitors', async () => {
      // Differencing attacks on these cells: promisesTraffic.test.ts.
      const STATS = `query ($groupBy: TrafficGroupBy!, $from: String, $to: String) { trafficStats(groupBy: $groupBy, from: $from, to: $to) { day group visits visitors } }`;
      for (const groupBy of TRAFFIC_GROUPINGS) {
        const cells = trueCells(t.data.shoppers, groupBy);
        const res = await call(t, { role: 'OPERATIONS' }, 'QUALITY_SAFETY', STATS, { groupBy });
        expect(res.json.errors, groupBy).toBeUndefined();
        expect(res.json.data.trafficStats, groupBy).toEqual(expectedRows(cells, 5));
        expect(await db.auditEvents.countDocuments({ requestId: res.requestId }), 'aggregates are not personal information').toBe(0);
        // A window snaps outwards to whole UTC days.
        const ranged = await call(t, { role: 'RESEARCH' }, 'INTERNAL_RESEARCH', STATS, { groupBy, from: '2026-06-01T13:00:00Z', to: '2026-08-31T00:00:00.001Z' });
        expect(ranged.json.data.trafficStats, groupBy).toEqual(expectedRows(cells, 5, '2026-06-01', '2026-09-01'));
      }
      const days = trueCells(t.data.shoppers, 'DAY');
      expect([...days.values()].some((d) => [...d.values()][0]!.visitors.size < 5), 'small days exist, and were left out').toBe(true);
      const bad = await call(t, { role: 'RESEARCH' }, 'INTERNAL_RESEARCH', STATS, { groupBy: 'DAY', from: 'last week' });
      expect(bad.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('gives clients, partners and shoppers no traffic statistics at all', async () => {
      const STATS = `{ trafficStats(groupBy: BROWSER) { group visits } }`;
      const callers: Array<[Caller, string]> = [
        [{ role: 'CLIENT', clientId: t.data.clients[0]!._id }, 'CLIENT_REPORTING'],
        [shopperCaller(t.data.shoppers[0]!), 'SERVICES'],
      ];
      for (const [caller, purpose] of callers) expect((await call(t, caller, purpose, STATS)).json.data, caller.role).toEqual({ trafficStats: [] });
      // A partner is closed-world: the statistics are outside its grant, and cannot come back null.
      const partner = await call(t, { role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', STATS);
      expect(partner.status).toBe(403);
      expect(partner.json.errors![0]!.extensions).toMatchObject({ code: 'PII_DENIED', denied: [{ coordinate: 'Query.trafficStats', reason: 'CLOSED_WORLD' }] });
    });
  });

  describe('mutations too', () => {
    it('plans and masks a mutation result like a query result', async () => {
      const them = pick((s) => s.policyVersion === '2026-11-01');
      const email = `support.fixed.${them._id}@shopper-mail.test`;
      const res = await call(t, { role: 'SUPPORT', sub: 'support-carol' }, 'SERVICES', CORRECT_THEIRS, { id: them._id, input: { email } });
      expect(res.json.errors).toBeUndefined();
      const result = res.json.data.correctShopperRecord;
      expect(result).toMatchObject({ errors: [], correction: { fields: ['email'], role: 'SUPPORT' }, shopper: { id: them._id, email, gender: null } });
      expect(result.shopper.ssn).toMatch(/^\*{4}\d{4}$/);
      expect(res.body).not.toContain(them.ssn!);
      expect(res.json.extensions?.privacy?.masked).toContainEqual(expect.objectContaining({ path: ['correctShopperRecord', 'shopper', 'ssn'], strategy: 'partial' }));
      expect(res.json.extensions?.privacy?.withheld).toContainEqual(expect.objectContaining({ path: ['correctShopperRecord', 'shopper', 'gender'], coordinate: 'Shopper.gender' }));
      expect((await stored(them._id)).email).toBe(email);
      expect(await db.auditEvents.findOne({ requestId: res.requestId })).toMatchObject({ subject: 'support-carol', role: 'SUPPORT', subjectIds: [them._id] });
    });

    it('accepts a correction of contact data from the shopper and from SUPPORT stating SERVICES only', async () => {
      const annotation = readPiiAnnotations(readSupergraph()).fieldAnnotation('Mutation', 'correctShopperRecord')!;
      const entitled: string[] = [];
      for (const role of t.policy.roles.keys()) {
        for (const purpose of t.policy.purposesOf(role)) {
          if (decide(t.policy, { role, purpose, annotation, coordinate: 'Mutation.correctShopperRecord' }).effect !== 'deny') entitled.push(`${role}/${purpose}`);
        }
      }
      expect(entitled).toEqual(['SHOPPER/SERVICES', 'SUPPORT/SERVICES']);

      const them = pick((s) => s.policyVersion === '2026-11-01');
      const before = await stored(them._id);
      for (const role of t.policy.roles.keys()) {
        for (const purpose of [...t.policy.purposesOf(role), null]) {
          if (entitled.includes(`${role}/${purpose}`)) continue;
          const caller: Caller = { role, clientId: t.data.clients[0]!._id, partnerId: 'ptn_1', ...(role === 'SHOPPER' ? { shopperId: them._id } : {}) };
          const res = await call(t, caller, purpose, CORRECT_THEIRS, { id: them._id, input: { email: `hijack.${role}@evil.test` } });
          const label = `${role}/${purpose}`;
          expect(res.json.data, label).toEqual({ correctShopperRecord: null });
          expect(res.json.extensions?.privacy?.withheld, label).toContainEqual(expect.objectContaining({ coordinate: 'Mutation.correctShopperRecord' }));
        }
      }
      expect(await stored(them._id)).toEqual(before);
      expect(await db.corrections.countDocuments({ shopperId: them._id })).toBe(0);
    }, 120_000);

    it('writes nothing when the caller may not write one of the fields on that record (PII_WRITE_DENIED)', async () => {
      const old = pick((s) => s.policyVersion === '2024-01-01');
      const before = await stored(old._id);
      const email = `support.fixed.${old._id}@shopper-mail.test`;
      const denied = await call(t, { role: 'SUPPORT' }, 'SERVICES', CORRECT_THEIRS, { id: old._id, input: { email, phone: '(415) 555-0199' } });
      expect(denied.json.data).toEqual({ correctShopperRecord: null });
      expect(denied.json.errors?.[0]).toMatchObject({
        message: 'Role SUPPORT stating SERVICES may not write Shopper.phone (FIELD_RULE); nothing was written.',
        extensions: { code: 'PII_WRITE_DENIED' },
      });
      expect(await stored(old._id)).toEqual(before);
      const allowed = await call(t, { role: 'SUPPORT' }, 'SERVICES', CORRECT_THEIRS, { id: old._id, input: { email } });
      expect(allowed.json.data.correctShopperRecord).toMatchObject({ errors: [], correction: { fields: ['email'] } });
      // The shopper may correct their own phone number, whatever the version.
      const own = await call(t, shopperCaller(old), 'SERVICES', CORRECT_MINE, { input: { phone: '(415) 555-0199' } });
      expect(own.json.data.correctMyRecord).toMatchObject({ errors: [], shopper: { phone: '(415) 555-0199' } });
    });

    it("lets a shopper correct their own record only, and runs nothing in strict mode when a withheld field is asked for", async () => {
      const me = pick(() => true);
      const them = pick(() => true);
      const before = await stored(them._id);
      const res = await call(t, shopperCaller(me), 'SERVICES', CORRECT_THEIRS, { id: them._id, input: { email: 'mine@evil.test' } });
      expect(res.json.data.correctShopperRecord).toEqual({ errors: [{ field: 'id', message: `There is no shopper ${them._id} you may correct.` }], correction: null, shopper: null });
      const strict = await call(t, { role: 'SUPPORT' }, 'SERVICES', CORRECT_THEIRS, { id: them._id, input: { email: 'strict@example.test' } }, { 'x-privacy-strict': '1' });
      expect(strict.status).toBe(403);
      expect(strict.json.errors?.[0]?.extensions?.code).toBe('PII_DENIED');
      expect(strict.json.errors?.[0]?.message).toContain('Shopper.gender');
      expect(await stored(them._id)).toEqual(before);
    });

    it('is refused by the subgraph itself to a caller the policy does not entitle, even around the gateway', async () => {
      const them = pick(() => true);
      const before = await stored(them._id);
      const secret = new TextEncoder().encode(TEST_SECRETS.callerContext);
      const direct = async (role: string, purpose: string) => {
        const context = await signCallerContext({ sub: 'direct', role, purpose: purpose as never, clientId: t.data.clients[0]!._id, requestId: `direct-${role}` }, { secret });
        const res = await fetch(t.system.subgraphs.shopper.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-confero-caller': context },
          body: JSON.stringify({ query: `mutation ($id: ID!) { correctShopperRecord(id: $id, input: { email: "direct@evil.test" }) { errors { field } } }`, variables: { id: them._id } }),
        });
        return (await res.json()) as { data?: { correctShopperRecord: unknown } };
      };
      expect((await direct('CLIENT', 'CLIENT_REPORTING')).data).toEqual({ correctShopperRecord: null });
      expect((await direct('SUPPORT', 'SHOPPER_COMMUNICATION')).data).toEqual({ correctShopperRecord: null });
      expect(await stored(them._id)).toEqual(before);
    });
  });
});
