import { piiValuesOf, startDatabase, type RunningDatabase } from '@confero/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUERY, AUDITOR, NON_PII_QUERY, openAuditEvents, post, SUPPORT } from './support/auditTrail.ts';
import { leaks } from './support/leakExpectations.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The audit trail's store: none (benchmarks), or one of its own, apart from the system's
// database; without it, no PII leaves (fail closed) while everything else is still served.

describe('the audit trail', () => {
  describe('when auditing is turned off (gateway.audit: false, benchmarks only)', () => {
    let t: TestSystem;
    let store: Awaited<ReturnType<typeof openAuditEvents>>;
    beforeAll(async () => {
      t = await startTestSystem({ audit: false });
      store = await openAuditEvents(t.system.database.uri);
    });
    afterAll(async () => {
      await store?.connection.close();
      await t?.stop();
    });

    it('serves PII and writes no event', async () => {
      const res = await post(t, SUPPORT, 'SERVICES', `{ shoppers(first: 2) { nodes { id email } } }`);
      expect(res.status).toBe(200);
      expect(res.json.data!.shoppers.nodes[0].email).toContain('@');
      expect(await store.events.countDocuments({ requestId: res.requestId! })).toBe(0);
    });
  });

  describe('with a separate audit store', () => {
    let auditStore: RunningDatabase;
    let t: TestSystem;
    let store: Awaited<ReturnType<typeof openAuditEvents>>;
    let system: Awaited<ReturnType<typeof openAuditEvents>>;
    const PII = `query Contacts { shoppers(first: 60) { nodes { id firstName lastName name email phone ssn address { street city postalCode } } } }`;
    /** Every distinctive seeded PII value. */
    const seededPii = () => piiValuesOf(t.data).filter((v) => v.distinctive);

    beforeAll(async () => {
      auditStore = await startDatabase({ uri: '' }); // an embedded engine we can stop, whatever MONGODB_URI says
      t = await startTestSystem({ auditMongoUri: auditStore.uri });
      store = await openAuditEvents(auditStore.uri);
      system = await openAuditEvents(t.system.database.uri);
    });
    afterAll(async () => {
      await store?.connection.close().catch(() => {});
      await system?.connection.close();
      await t?.stop();
      await auditStore?.stop();
    });

    it('serves the auditor the events of that store through the graph', async () => {
      const res = await post(t, SUPPORT, 'SERVICES', PII);
      expect(res.status).toBe(200);
      const audit = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY, { filter: { requestId: res.requestId } });
      expect(audit.json.data!.auditEvents.nodes).toEqual([expect.objectContaining({ requestId: res.requestId, role: 'SUPPORT', purpose: 'SERVICES' })]);
    });

    it('writes the events there, not to the system database', async () => {
      const res = await post(t, SUPPORT, 'SERVICES', PII);
      expect(res.status).toBe(200);
      expect(leaks(res.body, seededPii()).length).toBeGreaterThan(0); // the query does return PII
      expect(await store.events.countDocuments({ requestId: res.requestId! })).toBe(1);
      expect(await system.events.countDocuments({ requestId: res.requestId! })).toBe(0);
    });

    describe('when the audit store is unreachable (fail closed)', () => {
      beforeAll(async () => {
        await store.connection.close();
        await auditStore.stop();
      });

      it('answers a PII query with HTTP 503 AUDIT_UNAVAILABLE and no personal data', async () => {
        const res = await post(t, SUPPORT, 'SERVICES', PII);
        expect(res.status).toBe(503);
        expect(res.json.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })]);
        expect(res.json.errors![0]!.message).toMatch(/could not be audited/);
        expect(res.json.data ?? null).toBeNull();
        expect(leaks(res.body, seededPii())).toEqual([]);
        for (const s of t.data.shoppers) expect(res.body).not.toContain(s._id);
      });

      it('withholds the audit trail itself the same way', async () => {
        const res = await post(t, AUDITOR, 'AUDITING', AUDIT_QUERY);
        expect(res.status).toBe(503);
        expect(res.json.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      });

      it('still serves a query without PII', async () => {
        const res = await post(t, SUPPORT, 'SERVICES', NON_PII_QUERY);
        expect(res.status).toBe(200);
        expect(res.json.errors).toBeUndefined();
        expect(res.json.data!.shoppers.nodes).toHaveLength(5);
        expect(res.json.data!.shoppers.totalCount).toBe(t.data.shoppers.length);
      });
    });
  });
});
