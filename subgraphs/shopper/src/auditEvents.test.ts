import { randomUUID } from 'node:crypto';
import { loadPolicy, piiDirectiveTransformer, signCallerContext, type Caller, type CompiledPolicy } from '@confero/directives';
import { encodeCursor, type RunningSubgraph } from '@confero/subgraph-common';
import { callSubgraph, referencePolicyDocument, startDatabase, type RunningDatabase } from '@confero/testing';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopperSubgraph } from './index.ts';

// Query.auditEvents on the shopper subgraph alone: the trail as the gateway stores it, read
// newest first, paged and filtered; withheld by the subgraph's own @pii enforcement and record
// scope even when a request reaches it without the gateway's planner.

/** A small policy (the reference vocabulary): only AUDITOR states AUDITING; SUPPORT may see IDENTIFIERS, but not for auditing. */
const POLICY = referencePolicyDocument({
  version: 'audit-test',
  roles: {
    AUDITOR: { scope: 'all', grants: [{ purposes: ['AUDITING'], categories: { IDENTIFIERS: 'mask:partial' }, fields: { 'Query.auditEvents': 'allow' } }] },
    SHOPPER: { scope: 'self', grants: [{ purposes: ['AUDITING'], fields: { 'Query.auditEvents': 'allow' } }] },
    SUPPORT: { scope: 'all', grants: [{ purposes: ['SERVICES'], categories: { IDENTIFIERS: 'allow' }, sensitive: { IDENTIFIERS: 'allow' } }] },
  },
});

const LIST = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id at requestId subject role purpose operationName fields categories subjectIds subjectTypes shopperIds decisions { allowed masked withheld } policyVersion }
    }
  }
`;

/**
 * 25 stored events, one a second, as the gateway writes them (ids in time order): every third
 * as an earlier gateway wrote it, with `shopperIds` and no `subjectIds`.
 */
const EVENTS = Array.from({ length: 25 }, (_, i) => {
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, i));
  const subjects = i % 5 === 0 ? ['shp_000001', 'shp_000002'] : [`shp_0000${10 + i}`];
  return {
    _id: `aud_${String(at.getTime()).padStart(15, '0')}_0badcafe_${i.toString(36).padStart(8, '0')}`,
    at,
    requestId: `req-${i}`,
    subject: i % 2 ? 'support-1' : 'legal-1',
    role: i % 2 ? 'SUPPORT' : 'LEGAL',
    purpose: i % 2 ? 'SERVICES' : 'LEGAL_COMPLIANCE',
    operationName: i % 3 ? `Op${i}` : null,
    fields: ['Shopper.email'],
    categories: ['IDENTIFIERS'],
    ...(i % 3 === 0 ? { shopperIds: subjects } : { subjectIds: subjects, subjectTypes: ['Shopper'] }),
    decisions: { allowed: 1, masked: i, withheld: 2 },
    policyVersion: '2026-11-01',
  };
});
const newestFirst = [...EVENTS].reverse();
const subjectsOf = (e: (typeof EVENTS)[number]) => ('subjectIds' in e ? e.subjectIds : e.shopperIds) ?? [];

describe('Query.auditEvents (shopper subgraph)', () => {
  let db: RunningDatabase;
  let base: mongoose.Connection;
  let connection: mongoose.Connection;
  let subgraph: RunningSubgraph;
  let policy: CompiledPolicy;
  const secret = new TextEncoder().encode('audit-events-test-caller-context-secret-0123456789');
  const auditReads: string[] = [];

  const ask = async (caller: Pick<Caller, 'role'> & Partial<Caller>, variables: Record<string, unknown> = {}) => {
    const callerContext = await signCallerContext({ sub: `test-${caller.role}`, purpose: null, requestId: 'r', ...caller }, { secret });
    return callSubgraph(subgraph.url, LIST, variables, { callerContext });
  };
  const AUDITOR = { role: 'AUDITOR', purpose: 'AUDITING' } as const;

  beforeAll(async () => {
    const loaded = loadPolicy(POLICY);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    policy = loaded.policy;
    db = await startDatabase();
    base = await mongoose.createConnection(db.uri, { monitorCommands: true }).asPromise();
    // A database of its own, so the test never meets (or touches) another test's trail.
    connection = base.useDb(`audit_events_test_${randomUUID().slice(0, 8)}`);
    await connection.collection('audit_events').insertMany(EVENTS as never[]);
    base.getClient().on('commandStarted', (e) => {
      if (e.databaseName !== connection.name) return;
      const target = (e.command as Record<string, unknown>)[e.commandName];
      if (target === 'audit_events') auditReads.push(e.commandName);
    });
    subgraph = await startShopperSubgraph({
      connection,
      callerSecret: secret,
      scopeOf: (role) => policy.scopeOf(role),
      transformSchema: (schema) => piiDirectiveTransformer(schema, { policy, hashKey: 'k', getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks: 'defer' }),
      port: 0,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await connection?.dropDatabase().catch(() => {});
    await base?.close();
    await db?.stop();
  });

  it('lists the stored events newest first, every field as stored', async () => {
    auditReads.length = 0;
    const { json } = await ask(AUDITOR, { first: 3 });
    expect(json.errors).toBeUndefined();
    expect(auditReads.length).toBeGreaterThan(0); // the reads are seen (the denial tests rely on it)
    const e = EVENTS[24]!;
    expect(json.data!.auditEvents.totalCount).toBe(25);
    expect(json.data!.auditEvents.nodes[0]).toEqual({ ...e, _id: undefined, id: e._id, at: e.at.toISOString(), subjectIds: subjectsOf(e), subjectTypes: ['Shopper'], shopperIds: subjectsOf(e) });
    expect(json.data!.auditEvents.nodes.map((n: { id: string }) => n.id)).toEqual(newestFirst.slice(0, 3).map((x) => x._id));
  });

  it('reads an event stored with shopperIds (an earlier gateway) as one with subjectIds, and answers the deprecated shopperIds from subjectIds', async () => {
    const { json } = await ask(AUDITOR, { first: 100 });
    const nodes = json.data!.auditEvents.nodes as Array<{ id: string; subjectIds: string[]; subjectTypes: string[]; shopperIds: string[] }>;
    const old = nodes.find((n) => n.id === EVENTS[21]!._id)!;
    expect(old).toMatchObject({ subjectIds: ['shp_000031'], subjectTypes: ['Shopper'], shopperIds: ['shp_000031'] });
    for (const node of nodes) expect(node.shopperIds).toEqual(node.subjectIds);
  });

  it('pages through every event with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const { json } = await ask(AUDITOR, { first: 7, after });
      const conn = json.data!.auditEvents;
      seen.push(...conn.nodes.map((n: { id: string }) => n.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst.map((e) => e._id));
  });

  it.each([
    [{ shopperId: 'shp_000001' }, (e: (typeof EVENTS)[number]) => subjectsOf(e).includes('shp_000001')],
    [{ role: 'LEGAL' }, (e: (typeof EVENTS)[number]) => e.role === 'LEGAL'],
    [{ requestId: 'req-7' }, (e: (typeof EVENTS)[number]) => e.requestId === 'req-7'],
    [{ role: 'SUPPORT', shopperId: 'shp_000001' }, (e: (typeof EVENTS)[number]) => e.role === 'SUPPORT' && subjectsOf(e).includes('shp_000001')],
  ])('filters by %j', async (filter, keep) => {
    const { json } = await ask(AUDITOR, { first: 100, filter });
    const expected = newestFirst.filter(keep).map((e) => e._id);
    expect(expected.length).toBeGreaterThan(0);
    if ('shopperId' in filter) expect(newestFirst.filter(keep).some((e) => 'shopperIds' in e)).toBe(true); // old events answer too
    expect(json.data!.auditEvents.totalCount).toBe(expected.length);
    expect(json.data!.auditEvents.nodes.map((n: { id: string }) => n.id)).toEqual(expected);
  });

  it('refuses a cursor of another list, and a page size out of range', async () => {
    expect((await ask(AUDITOR, { after: encodeCursor('shp_000001') })).json.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect((await ask(AUDITOR, { first: 101 })).json.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
  });

  describe('when the caller may not read the trail', () => {
    it.each([
      ['SUPPORT for SERVICES (identifiers allowed, but not for auditing)', { role: 'SUPPORT', purpose: 'SERVICES' }],
      ['AUDITOR without a purpose', { role: 'AUDITOR', purpose: null }],
      ['an unknown role', { role: 'NOBODY', purpose: 'AUDITING' }],
    ] as const)('answers null to %s, without reading the collection', async (_label, caller) => {
      auditReads.length = 0;
      const { json, body } = await ask(caller);
      expect(json.errors).toBeUndefined();
      expect(json.data).toEqual({ auditEvents: null });
      expect(body).not.toContain('req-');
      expect(auditReads).toEqual([]);
    });

    it('reaches no event outside record scope all, even where the policy allows the field', async () => {
      const { json } = await ask({ role: 'SHOPPER', purpose: 'AUDITING', shopperId: 'shp_000001' });
      expect(json.data!.auditEvents).toEqual({ totalCount: 0, pageInfo: { endCursor: null, hasNextPage: false }, nodes: [] });
    });
  });
});
