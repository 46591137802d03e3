import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openSystemDatabase, shopperCaller, shopperPicker } from './support/promiseClient.ts';
import { ACCEPT, CORRECT_MINE, MY_ACCESSES, MY_CORRECTIONS } from './support/promiseOperations.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The privacy policy's own promises, each kept by a behaviour of the whole system (README,
// "Promises"): see and correct your own data; who looked at my data; data used under the policy
// it was collected under; traffic data only in aggregate; mutations planned, masked and
// entitled like queries. (Traffic data and mutations: promisesAggregatesAndMutations.test.ts;
// guard rails: promisesGuardRails.test.ts.)

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

  describe('see and correct your own data', () => {
    it("gives a shopper their whole record through me, and nobody else's", async () => {
      const me = pick((s) => s.policyVersion === '2026-11-01');
      const query = `{ me { id email phone ssn bankAccount { accountNumber } address { street } dateOfBirth gender } }`;
      const own = await call(t, shopperCaller(me), 'RECORD_KEEPING', query);
      expect(own.json.data.me).toEqual({
        id: me._id, email: me.email, phone: me.phone, ssn: me.ssn, bankAccount: { accountNumber: me.bankAccount!.accountNumber },
        address: { street: me.address!.street }, dateOfBirth: me.dateOfBirth, gender: me.gender,
      });
      for (const [caller, purpose] of [[{ role: 'SUPPORT' }, 'SERVICES'], [{ role: 'SHOPPER', sub: 'no-record', shopperId: 'shp_no_record' }, 'SERVICES'], [{ role: 'LEGAL' }, 'LEGAL_COMPLIANCE']] as const) {
        const other = await call(t, caller, purpose, query);
        expect(other.json.data, caller.role).toEqual({ me: null });
      }
    });

    it('corrects validated fields with one write, returns the corrected record, and audits it', async () => {
      const me = pick((s) => s.policyVersion === '2026-11-01');
      const input = { email: `  fixed.${me._id}@shopper-mail.test `, alias: `fixed_${me._id}`, address: { street: '77 Corrected Ave', postalCode: '94105-1234' } };
      const res = await call(t, shopperCaller(me), 'SERVICES', CORRECT_MINE, { input });
      expect(res.status).toBe(200);
      const result = res.json.data.correctMyRecord;
      expect(result.errors).toEqual([]);
      expect(result.correction).toMatchObject({ fields: ['alias', 'email', 'address.street', 'address.postalCode'], role: 'SHOPPER' });
      expect(result.shopper).toEqual({ id: me._id, email: `fixed.${me._id}@shopper-mail.test`, phone: me.phone, alias: `fixed_${me._id}`, address: { street: '77 Corrected Ave', postalCode: '94105-1234' } });
      const record = await stored(me._id);
      expect(record).toMatchObject({ email: `fixed.${me._id}@shopper-mail.test`, alias: `fixed_${me._id}`, address: { street: '77 Corrected Ave', postalCode: '94105-1234', city: me.address!.city } });
      // The history keeps when, which fields and which role; never a value, old or new.
      const history = await db.corrections.find({ shopperId: me._id }).toArray();
      expect(history).toHaveLength(1);
      expect(Object.keys(history[0]).sort()).toEqual(['_id', 'at', 'fields', 'requestId', 'role', 'shopperId']);
      for (const value of [me.email!, input.email.trim(), me.address!.street, '77 Corrected Ave']) expect(JSON.stringify(history)).not.toContain(value);
      // The response carried the corrected record, so the gateway audited it before it left.
      const event = await db.auditEvents.findOne({ requestId: res.requestId });
      expect(event).toMatchObject({ role: 'SHOPPER', purpose: 'SERVICES', operationName: 'CorrectMine', subjectIds: [me._id], subjectTypes: ['Shopper'] });
      expect(event.fields).toEqual(expect.arrayContaining(['Mutation.correctMyRecord', 'Shopper.email', 'PostalAddress.street']));
      expect(history[0].requestId).toBe(res.requestId);
    });

    it('refuses bad input field by field and writes nothing at all', async () => {
      const me = pick(() => true);
      const before = await stored(me._id);
      const input = { email: 'not-an-email', phone: '12', alias: 'ok_alias', address: { postalCode: 'ABCDE', street: 'Fine Street 1' } };
      const res = await call(t, shopperCaller(me), 'SERVICES', CORRECT_MINE, { input });
      expect(res.json.data.correctMyRecord).toEqual({
        errors: [
          { field: 'email', message: 'must be an email address' },
          { field: 'phone', message: 'must be a phone number: digits, spaces, dashes, dots and parentheses' },
          { field: 'address.postalCode', message: 'must be a ZIP code: 12345 or 12345-6789' },
        ],
        correction: null,
        shopper: null,
      });
      expect(await stored(me._id)).toEqual(before); // not even the valid alias and street
      expect(await db.corrections.countDocuments({ shopperId: me._id })).toBe(0);
    });

    it('shows the shopper the history of their corrections, newest first, paged', async () => {
      const me = pick((s) => s.policyVersion === '2026-11-01');
      for (const phone of ['(415) 555-0101', '(415) 555-0102']) {
        const res = await call(t, shopperCaller(me), 'SERVICES', CORRECT_MINE, { input: { phone } });
        expect(res.json.data.correctMyRecord.errors).toEqual([]);
      }
      const unchanged = await call(t, shopperCaller(me), 'SERVICES', CORRECT_MINE, { input: { phone: '(415) 555-0102' } });
      expect(unchanged.json.data.correctMyRecord).toMatchObject({ errors: [], correction: null }); // nothing changed, nothing recorded
      await call(t, shopperCaller(me), 'SERVICES', CORRECT_MINE, { input: { firstName: 'Renamed' } });
      const first = await call(t, shopperCaller(me), 'RECORD_KEEPING', MY_CORRECTIONS, { first: 2 });
      const page1 = first.json.data.myCorrections;
      expect(page1.totalCount).toBe(3);
      expect(page1.nodes.map((n: { fields: string[] }) => n.fields)).toEqual([['firstName'], ['phone']]);
      expect(page1.nodes.every((n: { role: string; at: string }) => n.role === 'SHOPPER' && !Number.isNaN(Date.parse(n.at)))).toBe(true);
      const second = await call(t, shopperCaller(me), 'RECORD_KEEPING', MY_CORRECTIONS, { first: 2, after: page1.pageInfo.endCursor });
      expect(second.json.data.myCorrections).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ fields: ['phone'] }] });
      expect(first.body).not.toContain('555-010');
      // Nobody else has a history of their own to see.
      expect((await call(t, { role: 'SUPPORT' }, 'SERVICES', MY_CORRECTIONS)).json.data).toEqual({ myCorrections: null });
    });
  });

  describe('who looked at my data', () => {
    it("lists the accesses to the shopper's own data: when, which role, purpose and categories, never who", async () => {
      const me = pick(() => true);
      const other = pick(() => true);
      const alice = { role: 'SUPPORT', sub: `support-alice-${me._id}` };
      const bob = { role: 'OPERATIONS', sub: `ops-bob-${me._id}` };
      const byAlice = await call(t, alice, 'SERVICES', `query ($id: ID!) { shopper(id: $id) { email } }`, { id: me._id });
      const byBob = await call(t, bob, 'OPPORTUNITY_MATCHING', `query ($id: ID!) { shopper(id: $id) { rating } }`, { id: me._id });
      const notMine = await call(t, alice, 'SERVICES', `query ($id: ID!) { shopper(id: $id) { email } }`, { id: other._id });
      await call(t, shopperCaller(me), 'SERVICES', `{ me { email } }`); // the shopper's own read is not listed
      expect([byAlice, byBob, notMine].map((r) => r.status)).toEqual([200, 200, 200]);

      const res = await call(t, shopperCaller(me), 'RECORD_KEEPING', MY_ACCESSES, { first: 50 });
      expect(res.json.errors).toBeUndefined();
      const listed = res.json.data.myDataAccesses;
      const events = await db.auditEvents.find({ subjectIds: me._id, role: { $ne: 'SHOPPER' } }).sort({ _id: -1 }).toArray();
      expect(listed.totalCount).toBe(events.length);
      expect(listed.nodes).toEqual(events.map((e) => ({ at: e.at.toISOString(), role: e.role, purpose: e.purpose, categories: e.categories })));
      expect(listed.nodes).toContainEqual({ at: expect.any(String), role: 'SUPPORT', purpose: 'SERVICES', categories: ['IDENTIFIERS'] });
      expect(listed.nodes).toContainEqual({ at: expect.any(String), role: 'OPERATIONS', purpose: 'OPPORTUNITY_MATCHING', categories: ['PROFESSIONAL'] });
      // Never who, never which request, never another shopper's accesses.
      for (const secret of [alice.sub, bob.sub, byAlice.requestId, byBob.requestId, notMine.requestId, other._id]) expect(res.body).not.toContain(secret);
      expect(events.some((e) => e.requestId === notMine.requestId)).toBe(false);
    });

    it('pages through the accesses, and gives nothing to anyone but the shopper', async () => {
      const me = pick(() => true);
      for (const purpose of ['SERVICES', 'SHOPPER_COMMUNICATION', 'VERIFICATION']) {
        await call(t, { role: 'SUPPORT' }, purpose, `query ($id: ID!) { shopper(id: $id) { name } }`, { id: me._id });
      }
      const page1 = (await call(t, shopperCaller(me), 'SERVICES', MY_ACCESSES, { first: 2 })).json.data.myDataAccesses;
      expect(page1.nodes).toHaveLength(2);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await call(t, shopperCaller(me), 'SERVICES', MY_ACCESSES, { first: 2, after: page1.pageInfo.endCursor })).json.data.myDataAccesses;
      const purposes = [...page1.nodes, ...page2.nodes].map((n: { purpose: string }) => n.purpose);
      expect(purposes.slice(0, 3)).toEqual(['VERIFICATION', 'SHOPPER_COMMUNICATION', 'SERVICES']);
      for (const [caller, purpose] of [[{ role: 'SUPPORT' }, 'SERVICES'], [{ role: 'AUDITOR' }, 'AUDITING']] as const) {
        expect((await call(t, caller, purpose, MY_ACCESSES)).json.data, caller.role).toEqual({ myDataAccesses: null });
      }
    });
  });

  describe('data is used under the policy it was collected under', () => {
    const PARTNER = { role: 'PARTNER', partnerId: 'ptn_1' };
    const referral = `query ($id: ID!) { shopper(id: $id) { id name email phone address { street } } }`;

    it('shares contact data of consenting shoppers with partners only where the record’s version allowed it', async () => {
      const old = pick((s) => s.policyVersion === '2024-01-01' && s.consents.shareContactWithPartners);
      const current = pick((s) => s.policyVersion === '2026-11-01' && s.consents.shareContactWithPartners);
      const then = await call(t, PARTNER, 'PARTNER_REFERRAL', referral, { id: old._id });
      expect(then.json.data.shopper).toEqual({ id: old._id, name: `${old.firstName} ${old.lastName}`, email: null, phone: null, address: { street: old.address!.street } });
      expect(then.body).not.toContain(old.email!);
      const now = await call(t, PARTNER, 'PARTNER_REFERRAL', referral, { id: current._id });
      expect(now.json.data.shopper).toMatchObject({ email: current.email, phone: current.phone });
    });

    it('keeps location from research and the phone number from customer service for 2024-01-01 records', async () => {
      const old = pick((s) => s.policyVersion === '2024-01-01');
      const current = pick((s) => s.policyVersion === '2026-11-01');
      const research = `query ($id: ID!) { shopper(id: $id) { homeLocation { lat lng } address { city } rating } }`;
      const [r1, r2] = await Promise.all([old, current].map((s) => call(t, { role: 'RESEARCH' }, 'INTERNAL_RESEARCH', research, { id: s._id })));
      expect(r1!.json.data.shopper).toEqual({ homeLocation: null, address: null, rating: old.rating });
      expect(r2!.json.data.shopper.homeLocation).not.toBeNull();
      expect(r2!.json.data.shopper.address.city).toBeTruthy();
      const phone = `query ($id: ID!) { shopper(id: $id) { email phone } }`;
      const [s1, s2] = await Promise.all([old, current].map((s) => call(t, { role: 'SUPPORT' }, 'SERVICES', phone, { id: s._id })));
      expect(s1!.json.data.shopper).toEqual({ email: old.email, phone: null });
      expect(s2!.json.data.shopper).toEqual({ email: current.email, phone: current.phone });
    });

    it('moves a record to the current version when its shopper accepts it, audited and in the history', async () => {
      const me = pick((s) => s.policyVersion === '2024-01-01' && s.consents.shareContactWithPartners);
      const refusedOld = await call(t, shopperCaller(me), 'SERVICES', ACCEPT, { version: '2024-01-01' });
      expect(refusedOld.json.data.acceptPolicyVersion).toEqual({
        errors: [{ field: 'version', message: 'Only the policy version in force, 2026-11-01, can be accepted.' }], policyVersion: null, previousVersion: null, shopper: null,
      });
      const bySupport = await call(t, { role: 'SUPPORT' }, 'SERVICES', ACCEPT, { version: '2026-11-01' });
      expect(bySupport.json.data.acceptPolicyVersion.errors).toEqual([{ field: null, message: 'Only a shopper can accept a policy version, for their own record.' }]);
      expect((await stored(me._id)).policyVersion).toBe('2024-01-01');

      const res = await call(t, shopperCaller(me), 'SERVICES', ACCEPT, { version: '2026-11-01' });
      expect(res.json.data.acceptPolicyVersion).toEqual({ errors: [], policyVersion: '2026-11-01', previousVersion: '2024-01-01', shopper: { id: me._id, policyVersion: '2026-11-01' } });
      expect((await stored(me._id)).policyVersion).toBe('2026-11-01');
      expect(await db.auditEvents.findOne({ requestId: res.requestId })).toMatchObject({ role: 'SHOPPER', operationName: 'Accept', fields: ['Mutation.acceptPolicyVersion'] });
      expect(await db.corrections.findOne({ requestId: res.requestId })).toMatchObject({ shopperId: me._id, fields: ['policyVersion'], role: 'SHOPPER' });
      // From now on the record is used under 2026-11-01: the partner gets the consented contact data.
      const now = await call(t, PARTNER, 'PARTNER_REFERRAL', referral, { id: me._id });
      expect(now.json.data.shopper).toMatchObject({ email: me.email, phone: me.phone });
      const again = await call(t, shopperCaller(me), 'SERVICES', ACCEPT, { version: '2026-11-01' });
      expect(again.json.data.acceptPolicyVersion).toMatchObject({ errors: [], previousVersion: '2026-11-01' });
      expect(await db.corrections.countDocuments({ shopperId: me._id })).toBe(1);
    });

    it('uses nothing of a record collected under a version the policy does not keep, until its shopper accepts the current one', async () => {
      const me = pick(() => true);
      await db.shoppers.updateOne({ _id: me._id }, { $set: { policyVersion: '2019-05-01' } });
      const query = `query ($id: ID!) { shopper(id: $id) { id email name } }`;
      for (const [caller, purpose] of [[shopperCaller(me), 'SERVICES'], [{ role: 'SUPPORT' }, 'SERVICES'], [{ role: 'LEGAL' }, 'LEGAL_COMPLIANCE']] as const) {
        const res = await call(t, caller, purpose, query, { id: me._id });
        expect(res.json.data.shopper, caller.role).toEqual({ id: me._id, email: null, name: null });
      }
      expect((await call(t, shopperCaller(me), 'SERVICES', ACCEPT, { version: '2026-11-01' })).json.data.acceptPolicyVersion.previousVersion).toBe('2019-05-01');
      expect((await call(t, shopperCaller(me), 'SERVICES', query, { id: me._id })).json.data.shopper.email).toBe(me.email);
    });
  });
});
