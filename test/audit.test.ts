import { randomUUID } from 'node:crypto';
import { decide, readPiiAnnotations } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUERY, AUDITOR, CURSOR_QUERY, NON_PII_QUERY, openAuditEvents, PII_QUERY, post, SUPPORT, type Caller } from './support/auditTrail.ts';
import { startTestSystem, type GraphQLResponse, type TestSystem } from './support/testSystem.ts';

// The audit trail (DESIGN §2, "Audit"): every response carrying PII writes one event to the
// audit store before it leaves; without the store, no PII leaves; auditors read the trail
// through the graph, under the same @pii machinery as every other field.

describe('the audit trail', () => {
  describe('with the system database as the audit store', () => {
    let t: TestSystem;
    let store: Awaited<ReturnType<typeof openAuditEvents>>;
    const run = randomUUID().slice(0, 8);

    beforeAll(async () => {
      t = await startTestSystem();
      store = await openAuditEvents(t.system.database.uri);
    });
    afterAll(async () => {
      await store?.connection.close();
      await t?.stop();
    });

    /** The PII query of case (a), and what came back. */
    let audited: { requestId: string; body: string; json: GraphQLResponse; piiShopperIds: string[]; otherShopperIds: string[] };

    it('writes exactly one event for a PII response, before it leaves, naming who, why, what and whose', async () => {
      const page = await post(t, SUPPORT, 'SERVICES', CURSOR_QUERY);
      const after = page.json.data!.shoppers.pageInfo.endCursor as string;
      const res = await post(t, SUPPORT, 'SERVICES', PII_QUERY, { after });
      expect(res.status).toBe(200);
      expect(res.requestId).toMatch(/^[A-Za-z0-9._-]+$/);
      // The response has arrived, so its event must be stored already.
      const stored = await store.events.find({ requestId: res.requestId! }).toArray();
      expect(stored).toHaveLength(1);
      const event = stored[0]!;
      const piiShopperIds = (res.json.data!.first.nodes as Array<{ id: string; email: string | null }>).map((s) => s.id);
      const otherShopperIds = (res.json.data!.others.nodes as Array<{ id: string }>).map((s) => s.id);
      expect(otherShopperIds.filter((id) => piiShopperIds.includes(id))).toEqual([]);
      expect(res.json.data!.first.nodes[0].email).toContain('@');

      expect(event).toMatchObject({
        subject: 'support-alice',
        role: 'SUPPORT',
        purpose: 'SERVICES',
        operationName: 'AuditedShoppers',
        // gender is withheld from support: it was not returned, so it is not listed.
        fields: ['Shopper.email', 'Shopper.name', 'Shopper.ssn'],
        categories: ['IDENTIFIERS'],
        policyVersion: t.policy.version,
      });
      // Exactly the shoppers whose PII came back: not those listed with non-PII fields only.
      expect([...event.subjectIds].sort()).toEqual([...piiShopperIds].sort());
      expect(event.subjectTypes).toEqual(['Shopper']);
      expect(event.decisions.allowed).toBeGreaterThan(0);
      expect(event.decisions.masked).toBe(res.json.extensions!.privacy.maskedCount);
      expect(event.decisions.withheld).toBe(res.json.extensions!.privacy.withheldCount);
      expect(event.decisions.masked).toBeGreaterThan(0); // the SSN, partially
      expect(event.decisions.withheld).toBeGreaterThan(0); // gender
      expect(event.at).toBeInstanceOf(Date);
      expect(Date.now() - event.at.getTime()).toBeLessThan(60_000);
      audited = { requestId: res.requestId!, body: res.body, json: res.json, piiShopperIds, otherShopperIds };
    });

    it('generates the request id: the x-request-id a caller sends is kept as clientRequestId, never as the id of the event or the response', async () => {
      const sent = `client-${run}-1`;
      const res = await post(t, SUPPORT, 'SERVICES', `{ shopper(id: "${t.data.shoppers[0]!._id}") { email } }`, undefined, sent);
      expect(res.status).toBe(200);
      expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.requestId).not.toBe(sent);
      expect(await store.events.countDocuments({ requestId: sent })).toBe(0);
      const stored = await store.events.find({ requestId: res.requestId! }).toArray();
      expect(stored.map((e) => [e.operationName, e.subjectIds, e.clientRequestId])).toEqual([[null, [t.data.shoppers[0]!._id], sent]]);
    });

    it("lets no caller write an event under another request's id, by sending it as its x-request-id", async () => {
      const victim = audited.requestId;
      const before = await store.events.find({ requestId: victim }).toArray();
      expect(before).toHaveLength(1);
      const res = await post(t, SUPPORT, 'SERVICES', `{ shopper(id: "${t.data.shoppers[1]!._id}") { email } }`, undefined, victim);
      expect(res.status).toBe(200);
      expect(res.requestId).not.toBe(victim);
      expect(await store.events.find({ requestId: victim }).toArray()).toEqual(before);
      expect(await store.events.findOne({ requestId: res.requestId! })).toMatchObject({ clientRequestId: victim, subjectIds: [t.data.shoppers[1]!._id] });
    });

    it('keeps no clientRequestId that is not a short token of letters, digits, dots, dashes and underscores', async () => {
      for (const sent of ['x'.repeat(65), 'has space', 'semi;colon']) {
        const res = await post(t, SUPPORT, 'SERVICES', `{ shopper(id: "${t.data.shoppers[2]!._id}") { email } }`, undefined, sent);
        expect(res.status, sent).toBe(200);
        const event = await store.events.findOne({ requestId: res.requestId! });
        expect(event, sent).not.toBeNull();
        expect(event!.clientRequestId, sent).toBeUndefined();
      }
    });

    it('names shoppers, and only shoppers, as the data subjects when other records carry PII too', async () => {
      const res = await post(t, AUDITOR, 'AUDITING', `query Receipts { deliverables(first: 5) { nodes { id receipt { receiptNumber } shopper { id rating } } } }`);
      expect(res.status).toBe(200);
      const nodes = res.json.data!.deliverables.nodes as Array<{ id: string; receipt: unknown; shopper: { id: string; rating: number | null } }>;
      expect(nodes.some((n) => n.receipt !== null && n.shopper.rating !== null)).toBe(true);
      const event = (await store.events.findOne({ requestId: res.requestId! }))!;
      expect(event.fields).toEqual(['Deliverable.receipt', 'Shopper.rating']);
      expect(event.categories).toEqual(['PERSONAL_INFORMATION', 'PROFESSIONAL']);
      expect([...event.subjectIds].sort()).toEqual([...new Set(nodes.map((n) => n.shopper.id))].sort());
    });

    it("names a deliverable's shopper when only the deliverable's PII comes back (a client's recordings)", async () => {
      const clientId = t.data.clients[0]!._id;
      const res = await post(t, { role: 'CLIENT', sub: 'client-dashboard', clientId }, 'CLIENT_REPORTING', `query Visits { deliverables(first: 20) { nodes { id recordings { kind durationSeconds } } } }`);
      expect(res.status).toBe(200);
      const nodes = res.json.data!.deliverables.nodes as Array<{ id: string; recordings: unknown[] | null }>;
      expect(nodes.length).toBeGreaterThan(0);
      const seeded = new Map(t.data.deliverables.map((d) => [d._id, d]));
      // A deliverable without recordings (`[]`) returned nothing about its shopper.
      const expected = new Set(nodes.filter((n) => (n.recordings?.length ?? 0) > 0).map((n) => seeded.get(n.id)!.shopperId));
      expect(expected.size).toBeGreaterThan(0);
      expect(nodes.some((n) => n.recordings?.length === 0 && !expected.has(seeded.get(n.id)!.shopperId))).toBe(true);
      expect(res.body).not.toContain('__pii_');
      const event = (await store.events.findOne({ requestId: res.requestId! }))!;
      expect(event.fields).toContain('Deliverable.recordings');
      expect([...event.subjectIds].sort()).toEqual([...expected].sort());
      // The shopper's own "who looked at my data" then shows the client's look.
      const shopperId = [...expected][0]!;
      const accesses = await store.events.find({ subjectIds: shopperId, role: 'CLIENT', requestId: res.requestId! }).toArray();
      expect(accesses).toHaveLength(1);
    });

    it('writes no event for a response without PII', async () => {
      const res = await post(t, SUPPORT, 'SERVICES', NON_PII_QUERY);
      expect(res.status).toBe(200);
      expect(res.json.data!.shoppers.nodes).toHaveLength(5);
      expect(await store.events.countDocuments({ requestId: res.requestId! })).toBe(0);
    });

    it('writes no event when every PII field was withheld (nothing personal returned)', async () => {
      const res = await post(t, SUPPORT, null, `{ shoppers(first: 2) { nodes { id email } } }`);
      expect(res.json.data!.shoppers.nodes[0].email).toBeNull();
      expect(await store.events.countDocuments({ requestId: res.requestId! })).toBe(0);
    });

    describe('through the graph', () => {
      it('lets an auditor stating AUDITING read an event as it was stored', async () => {
        const res = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { filter: { requestId: audited.requestId } });
        expect(res.status).toBe(200);
        expect(res.json.errors).toBeUndefined();
        const stored = (await store.events.findOne({ requestId: audited.requestId }))!;
        expect(res.json.data!.auditEvents).toEqual({
          totalCount: 1,
          pageInfo: { endCursor: expect.any(String), hasNextPage: false },
          nodes: [
            {
              id: stored._id,
              at: stored.at.toISOString(),
              requestId: audited.requestId,
              clientRequestId: null,
              subject: 'support-alice',
              role: 'SUPPORT',
              purpose: 'SERVICES',
              operationName: 'AuditedShoppers',
              fields: stored.fields,
              categories: ['IDENTIFIERS'],
              subjectIds: stored.subjectIds,
              subjectTypes: ['Shopper'],
              shopperIds: stored.subjectIds,
              decisions: stored.decisions,
              policyVersion: t.policy.version,
            },
          ],
        });
      });

      it('lists events newest first and pages through them with cursors, filtered by shopper', async () => {
        const shopperId = t.data.shoppers[10]!._id;
        const mine: string[] = [];
        for (let i = 1; i <= 3; i += 1) {
          const res = await post(t, SUPPORT, 'SERVICES', `{ shopper(id: "${shopperId}") { name } }`);
          expect(res.status).toBe(200);
          mine.push(res.requestId!);
        }
        const nodes: Array<{ id: string; at: string; requestId: string; subjectIds: string[] }> = [];
        let after: string | null = null;
        let totalCount = -1;
        for (let pages = 0; pages < 50; pages += 1) {
          const res = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { first: 2, after, filter: { shopperId } });
          expect(res.json.errors).toBeUndefined();
          const connection = res.json.data!.auditEvents;
          expect(connection.nodes.length).toBeLessThanOrEqual(2);
          nodes.push(...connection.nodes);
          totalCount = connection.totalCount;
          if (!connection.pageInfo.hasNextPage) break;
          after = connection.pageInfo.endCursor;
        }
        expect(nodes.length).toBe(totalCount);
        expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
        expect(nodes.every((n) => n.subjectIds.includes(shopperId))).toBe(true);
        // Newest first: ids and times descending, and this test's three events in reverse order.
        expect(nodes.map((n) => n.id)).toEqual([...nodes.map((n) => n.id)].sort().reverse());
        expect(nodes.every((n, i) => i === 0 || nodes[i - 1]!.at >= n.at)).toBe(true);
        expect(nodes.map((n) => n.requestId).filter((r) => mine.includes(r))).toEqual([...mine].reverse());
      });

      it('filters by role and refuses a cursor of another list', async () => {
        const res = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { first: 100, filter: { role: 'SUPPORT' } });
        const nodes = res.json.data!.auditEvents.nodes as Array<{ role: string; requestId: string }>;
        expect(nodes.length).toBeGreaterThan(0);
        expect(nodes.every((n) => n.role === 'SUPPORT')).toBe(true);
        const shopperCursor = (await post(t, SUPPORT, 'SERVICES', CURSOR_QUERY)).json.data!.shoppers.pageInfo.endCursor;
        const refused = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { after: shopperCursor });
        expect(refused.json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
      });

      it("audits the auditor's own read once, without looping", async () => {
        const res = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { first: 1 });
        expect(res.status).toBe(200);
        const requestId = res.requestId!;
        const stored = await store.events.find({ requestId }).toArray();
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({
          subject: 'auditor-bob',
          role: 'AUDITOR',
          purpose: 'AUDITING',
          operationName: 'AuditTrail',
          fields: ['Query.auditEvents'],
          categories: ['IDENTIFIERS'],
          subjectIds: [],
          subjectTypes: [],
        });
        // Nothing else was written for it after the response left.
        await new Promise((r) => setTimeout(r, 100));
        expect(await store.events.countDocuments({ requestId })).toBe(1);
      });

      it('withholds the trail from support (any purpose) and from an auditor stating no purpose', async () => {
        const callers: Array<[Caller, string | null]> = [
          ...[...t.policy.purposesOf('SUPPORT'), null].map((p): [Caller, string | null] => [SUPPORT, p]),
          [AUDITOR, null],
        ];
        expect(callers.length).toBeGreaterThan(2);
        for (const [caller, purpose] of callers) {
          const label = `${caller.role}/${purpose ?? '(none)'}`;
          const res = await post(t, caller, purpose, AUDIT_QUERY, { filter: { requestId: audited.requestId } });
          expect(res.status, label).toBe(200);
          expect(res.json.data, label).toEqual({ auditEvents: null });
          expect(res.json.extensions?.privacy?.withheld, label).toEqual([expect.objectContaining({ path: ['auditEvents'], coordinate: 'Query.auditEvents' })]);
          expect(res.body, label).not.toContain(audited.requestId);
          for (const id of audited.piiShopperIds) expect(res.body, label).not.toContain(id);
        }
      });

      it('lets no role but the auditor, stating AUDITING, have the trail (the policy decides)', () => {
        const annotation = readPiiAnnotations(readSupergraph()).fieldAnnotation('Query', 'auditEvents');
        expect(annotation).toMatchObject({ category: 'IDENTIFIERS', purposes: ['AUDITING'] });
        const allowed: string[] = [];
        for (const role of t.policy.roles.keys()) {
          for (const purpose of [...t.policy.purposes.keys(), null]) {
            const decision = decide(t.policy, { role, purpose, annotation: annotation!, coordinate: 'Query.auditEvents' });
            if (decision.effect !== 'deny') allowed.push(`${role}/${purpose}:${decision.effect}`);
          }
        }
        expect(allowed).toEqual(['AUDITOR/AUDITING:allow']);
      });
    });

    it('loses no event under 50 concurrent PII requests', async () => {
      const shoppers = t.data.shoppers;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => post(t, SUPPORT, 'SERVICES', `{ shopper(id: "${shoppers[i % shoppers.length]!._id}") { email } }`)),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
      const ids = responses.map((r) => r.requestId!);
      expect(new Set(ids).size).toBe(50);
      const stored = await store.events.find({ requestId: { $in: ids } }).toArray();
      expect(stored.map((e) => e.requestId).sort()).toEqual([...ids].sort());
      for (const e of stored) {
        const i = ids.indexOf(e.requestId);
        expect(e.subjectIds).toEqual([shoppers[i % shoppers.length]!._id]);
      }
    });
  });
});
