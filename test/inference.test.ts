import { decideRead, loadPolicy, loadPolicyFile, readPiiAnnotations, signCallerContext, type CompiledPolicy } from '@confero/directives';
import { POLICY_PATH, readSupergraph } from '@confero/schema';
import { buildASTSchema, getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, parse, type GraphQLInputType } from 'graphql';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';

// Inference through arguments, attacked as a caller would: an argument that filters records by a
// @pii field discloses that field through which records come back, so it is refused wherever the
// caller would not receive the field in full (the gateway before planning, and the subgraph again);
// where it is permitted, only the records that give the caller the field in full can match, and
// the caller is audited as having read the field of every record that came back.

const SUPERGRAPH = readSupergraph();
const PII = readPiiAnnotations(SUPERGRAPH);
const SCHEMA = buildASTSchema(parse(SUPERGRAPH), { assumeValidSDL: true });

interface ReadingOperation {
  /** Where the @piiReads stands. */
  at: string;
  reads: readonly string[];
  query: string;
}

/** A value of an input type that is not null (a region for strings, the first enum value). */
function sampleValue(type: GraphQLInputType): string {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return `[${sampleValue(nullable.ofType)}]`;
  if (isEnumType(nullable)) return nullable.getValues()[0]!.name;
  return JSON.stringify('MI');
}

/**
 * One operation per input field that reads fields (@piiReads), through a root field whose
 * argument takes its input type: `{ root(arg: { field: value }) { __typename } }`.
 */
function readingOperations(): ReadingOperation[] {
  const operations: ReadingOperation[] = [];
  const query = SCHEMA.getQueryType()!;
  for (const read of PII.reads()) {
    if (read.kind !== 'inputField') continue;
    const [inputName, fieldName] = read.at.split('.') as [string, string];
    for (const root of Object.values(query.getFields())) {
      const arg = root.args.find((a) => getNamedType(a.type).name === inputName);
      if (!arg) continue;
      const input = getNamedType(arg.type);
      if (!isInputObjectType(input)) continue;
      const value = sampleValue(input.getFields()[fieldName]!.type);
      const wrapped = isListType(getNullableType(arg.type)) ? `[{ ${fieldName}: ${value} }]` : `{ ${fieldName}: ${value} }`;
      operations.push({ at: read.at, reads: read.fields, query: `{ ${root.name}(${arg.name}: ${wrapped}) { __typename } }` });
      break;
    }
  }
  return operations;
}

function identityOf(t: TestSystem, role: string) {
  const scope = t.policy.scopeOf(role);
  return {
    role,
    ...(scope === 'client' ? { clientId: t.data.clients[0]!._id } : {}),
    ...(scope === 'self' ? { shopperId: t.data.shoppers[0]!._id } : {}),
    ...(scope === 'partner' ? { partnerId: 'ptn_1' } : {}),
  };
}

describe('inference through arguments', () => {
  let t: TestSystem;
  let db: mongoose.Connection;
  const auditCount = () => db.collection('audit_events').countDocuments();

  beforeAll(async () => {
    t = await startTestSystem();
    db = await mongoose.createConnection(t.system.database.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await db?.close();
    await t?.stop();
  });

  it('has reading arguments to attack (the schema declares them)', () => {
    expect(readingOperations().map((o) => o.at)).toEqual(expect.arrayContaining(['ShopperFilter.region', 'ShopperFilter.status', 'AuditEventFilter.shopperId']));
  });

  it('refuses every reading argument to every role and purpose that would not receive what it reads in full, and audits no read', async () => {
    const operations = readingOperations();
    const refusedBefore = await auditCount();
    let refused = 0;
    let served = 0;
    for (const role of [...t.policy.roles.keys()]) {
      for (const purpose of [...t.policy.purposesOf(role), null] as Array<string | null>) {
        for (const op of operations) {
          const permitted = op.reads.every((c) => decideRead(t.policy, { role, purpose }, PII, c).permitted);
          const { status, json } = await t.query(identityOf(t, role), purpose, op.query);
          const label = `${role}/${purpose ?? '(none)'} ${op.at}`;
          if (permitted) {
            expect(json.errors?.map((e) => e.extensions?.code) ?? [], label).not.toContain('ARGUMENT_NOT_PERMITTED');
            served += 1;
          } else if (status === 200) {
            // The field that takes the argument is itself withheld from this caller: it never runs.
            const root = Object.keys(json.data)[0]!;
            expect(json.data[root], label).toBeNull();
            expect(json.extensions!.privacy.withheld.map((w: { path: string[] }) => w.path.join('.')), label).toContain(root);
          } else {
            expect(status, label).toBe(403);
            expect(json.data, label).toBeUndefined();
            const { code } = json.errors![0]!.extensions!;
            if (code === 'PII_DENIED') continue; // a closed-world role: the list is outside its world and cannot come back null
            expect(code, label).toBe('ARGUMENT_NOT_PERMITTED');
            expect(json.errors![0]!.extensions!.arguments.map((a: { argument: string }) => a.argument), label).toContain(op.at);
            refused += 1;
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(30);
    expect(served).toBeGreaterThan(5);
    // Refused operations ran nothing: the audit trail grew only by the permitted ones, never by a refused read.
    expect((await auditCount()) - refusedBefore).toBeLessThanOrEqual(served);
  }, 300_000);

  it('refuses an argument passed through a variable, a variable default, or nested in a list, like a literal', async () => {
    const research = { role: 'RESEARCH' };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['query ($f: ShopperFilter) { shoppers(filter: $f) { totalCount } }', { f: { region: 'MI' } }],
      ['query ($f: ShopperFilter = { region: "MI" }) { shoppers(filter: $f) { totalCount } }', {}],
      ['query ($r: String) { shoppers(filter: { region: $r }) { totalCount } }', { r: 'MI' }],
    ];
    for (const [query, variables] of cases) {
      const { status, json } = await t.query(research, 'INTERNAL_RESEARCH', query, variables);
      expect(status, query).toBe(403);
      expect(json.errors![0]!.extensions!.code, query).toBe('ARGUMENT_NOT_PERMITTED');
    }
    // A null value reads nothing: the same operation runs.
    const nothing = await t.query(research, 'INTERNAL_RESEARCH', 'query ($r: String) { shoppers(first: 1, filter: { region: $r }) { totalCount } }', { r: null });
    expect(nothing.status).toBe(200);
    expect(nothing.json.data.shoppers.totalCount).toBe(t.data.shoppers.length);
  });

  it('refuses it again at the subgraph, for a request that went around the gateway', async () => {
    const context = await signCallerContext({ sub: 'x', role: 'RESEARCH', purpose: 'INTERNAL_RESEARCH', requestId: 'r-direct' }, { secret: new TextEncoder().encode(TEST_SECRETS.callerContext) });
    const res = await fetch(t.system.subgraphs.shopper.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-confero-caller': context },
      body: JSON.stringify({ query: '{ shoppers(filter: { region: "MI" }) { totalCount nodes { id } } }' }),
    });
    const json = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    expect(json.data ?? null).toBeNull();
    expect(json.errors?.[0]?.extensions?.code).toBe('ARGUMENT_NOT_PERMITTED');
  });

  it('keeps a closed-world role to its grant at the subgraph too, for a request that went around the gateway', async () => {
    const context = await signCallerContext({ sub: 'p', role: 'PARTNER', purpose: 'PARTNER_REFERRAL', partnerId: 'ptn_1', requestId: 'r-partner' }, { secret: new TextEncoder().encode(TEST_SECRETS.callerContext) });
    const shopper = t.data.shoppers[0]!;
    const direct = async (query: string) => {
      const res = await fetch(t.system.subgraphs.shopper.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-confero-caller': context }, body: JSON.stringify({ query }) });
      return (await res.json()) as { data?: Record<string, unknown> | null };
    };
    const record = await direct(`{ shopper(id: "${shopper._id}") { id name status createdAt consents { marketingEmails } } }`);
    expect(record.data?.shopper).toEqual({ id: shopper._id, name: expect.any(String), status: null, createdAt: null, consents: null });
    // trafficStats is non-null and outside the grant: its null wipes out the whole answer (no data leaves).
    const stats = await direct('{ trafficStats(groupBy: DAY) { visits } }');
    expect(stats.data ?? null).toBeNull();
  });

  it('audits a permitted read on every record that came back, even when no personal field is selected', async () => {
    const region = t.data.shoppers.find((s) => s.address?.region)!.address!.region;
    const before = new Date();
    const { status, json, headers } = await queryWithId(t, 'SUPPORT', 'SERVICES', `{ shoppers(first: 100, filter: { region: ${JSON.stringify(region)} }) { nodes { id } } }`);
    expect(status).toBe(200);
    const ids = json.data.shoppers.nodes.map((n: { id: string }) => n.id);
    expect(ids.length).toBeGreaterThan(0);
    const event = await db.collection('audit_events').findOne({ requestId: headers.get('x-request-id'), at: { $gte: before } });
    expect(event).toMatchObject({ role: 'SUPPORT', fields: ['PostalAddress.region', 'Shopper.address'] });
    expect([...(event!.subjectIds as string[])].sort()).toEqual([...ids].sort());
  });

  it('names the shoppers a @pii list returns (eligible shoppers), whatever is selected of them', async () => {
    const list = await queryWithId(t, 'OPERATIONS', 'OPPORTUNITY_MATCHING', '{ opportunities(first: 100) { nodes { id eligibleShoppers(first: 3) { id } } } }');
    const opportunity = list.json.data.opportunities.nodes.find((o: { eligibleShoppers: unknown[] | null }) => (o.eligibleShoppers ?? []).length > 0)!.id;
    const { status, json, headers } = await queryWithId(t, 'OPERATIONS', 'OPPORTUNITY_MATCHING', `{ opportunity(id: "${opportunity}") { eligibleShoppers(first: 50) { id } } }`);
    expect(status).toBe(200);
    const ids: string[] = (json.data.opportunity?.eligibleShoppers ?? []).map((s: { id: string }) => s.id);
    expect(ids.length).toBeGreaterThan(0);
    const event = await db.collection('audit_events').findOne({ requestId: headers.get('x-request-id') });
    expect(event?.fields).toContain('Opportunity.eligibleShoppers');
    expect([...((event?.subjectIds as string[]) ?? [])].sort()).toEqual([...ids].sort());
  });

  it('lists as returned only the fields that came back with data (a record rule’s null is not a read)', async () => {
    // Customer service got no phone numbers under policy 2024-01-01: the subgraph withholds them.
    const old = t.data.shoppers.find((s) => s.policyVersion === '2024-01-01' && s.phone)!;
    const { json, headers } = await queryWithId(t, 'SUPPORT', 'SERVICES', `{ shopper(id: "${old._id}") { id phone email } }`);
    expect(json.data.shopper).toMatchObject({ phone: null, email: old.email });
    const event = await db.collection('audit_events').findOne({ requestId: headers.get('x-request-id') });
    expect(event?.fields).toEqual(['Shopper.email']);
  });
});

describe('record rules decide which records a permitted argument can match', () => {
  let t: TestSystem;
  let policy: CompiledPolicy;
  beforeAll(async () => {
    // The shipped policy, with two record rules on what the region filter reads: customer service
    // gets no address of a record collected under 2024-01-01, and a partner only a consenting one's.
    const loaded = loadPolicyFile(POLICY_PATH);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const document = structuredClone(loaded.policy.document) as { roles: Record<string, any>; previousVersions: Record<string, { roles: Record<string, any> }> };
    document.previousVersions['2024-01-01']!.roles.SUPPORT.grants[0].fields['Shopper.address'] = 'deny';
    document.roles.PARTNER.grants[0].fields['Shopper.address'] = { decision: 'allow', when: { consent: 'shareContactWithPartners' } };
    const compiled = loadPolicy(document);
    if ('errors' in compiled) throw new Error(compiled.errors.join('\n'));
    policy = compiled.policy;
    t = await startTestSystem({ policy });
  });
  afterAll(async () => t?.stop());

  const regions = () => [...new Set(t.data.shoppers.map((s) => s.address?.region).filter((r): r is string => !!r))];

  it('never matches a record whose policy version withholds the field read', async () => {
    let matched = 0;
    for (const region of regions()) {
      const { json } = await t.query({ role: 'SUPPORT' }, 'SERVICES', `{ shoppers(first: 100, filter: { region: ${JSON.stringify(region)} }) { totalCount nodes { id policyVersion } } }`);
      const expected = t.data.shoppers.filter((s) => s.address?.region === region && s.policyVersion !== '2024-01-01');
      expect(json.data.shoppers.totalCount, region).toBe(expected.length);
      expect(json.data.shoppers.nodes.map((n: { id: string }) => n.id).sort(), region).toEqual(expected.map((s) => s._id).sort());
      matched += expected.length;
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('never matches a record whose consent the field read needs, when not given', async () => {
    for (const region of regions()) {
      const { json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', `{ shoppers(first: 100, filter: { region: ${JSON.stringify(region)} }) { totalCount nodes { id } } }`);
      // 2024-01-01 gave partners the address without a condition: the stricter current version decides.
      const expected = t.data.shoppers.filter((s) => s.address?.region === region && s.consents.shareContactWithPartners);
      expect(json.data.shoppers.totalCount, region).toBe(expected.length);
    }
  });
});

/** A query whose response headers are kept (for the gateway's request id). */
async function queryWithId(t: TestSystem, role: string, purpose: string, query: string) {
  const token = await t.token({ role });
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose },
    body: JSON.stringify({ query }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response data freely
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}
