import { Writable } from 'node:stream';
import { piiValuesOf } from '@confero/tools';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_WORLD_MATRIX_OPERATION, MATRIX_OPERATION } from './support/matrixOperation.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The logs of the gateway and the three subgraphs, captured at debug level during a
// matrix-like run: one request id end to end, and no personal value in any line.

/** Every line the system logs, parsed (pino writes one JSON object per line). */
const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

describe('logs', () => {
  let t: TestSystem;
  /** The gateway's request id of each role's matrix request (the caller sent `logs-<role>` as its own). */
  const requestIds = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestSystem({ logger: pino({ level: 'debug' }, sink) });
    const client = t.data.clients[0]!._id;
    const shopper = t.data.assignments.find((a) => a.clientId === client)!.shopperId;
    const callers: Array<[Record<string, string> & { role: string }, string | null]> = [
      [{ role: 'LEGAL' }, 'LEGAL_COMPLIANCE'],
      [{ role: 'SUPPORT' }, 'SERVICES'],
      [{ role: 'AUDITOR' }, 'AUDITING'],
      [{ role: 'RESEARCH' }, 'INTERNAL_RESEARCH'],
      [{ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL'],
      [{ role: 'CLIENT', clientId: client }, 'CLIENT_REPORTING'],
      [{ role: 'SHOPPER', shopperId: shopper, sub: shopper }, 'SERVICES'],
      [{ role: 'OPERATIONS' }, null],
    ];
    for (const [identity, purpose] of callers) {
      const { status, requestId } = await t.query(identity, purpose, t.policy.isClosedWorld(identity.role) ? CLOSED_WORLD_MATRIX_OPERATION : MATRIX_OPERATION, undefined, { 'x-request-id': `logs-${identity.role.toLowerCase()}` });
      expect(status).toBe(200);
      requestIds.set(identity.role, requestId);
    }
    // Refusals and errors log too: strict mode, a bad purpose, a subgraph error, a bad token.
    const someone = t.data.shoppers[3]!;
    await t.query({ role: 'SUPPORT' }, 'SERVICES', `{ shopper(id: "${someone._id}") { email gender } }`, undefined, { 'x-privacy-strict': '1' });
    await t.query({ role: 'SUPPORT' }, 'NOT_A_PURPOSE', '{ shoppers { totalCount } }');
    await t.query({ role: 'LEGAL' }, 'LEGAL_COMPLIANCE', '{ shoppers(first: 500) { nodes { email } } }');
    await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${someone.email}` }, body: '{"query":"{ shoppers { totalCount } }"}' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the last response's log line is written on close
  });
  afterAll(async () => t?.stop());

  it('logs structured lines from the gateway and every subgraph', () => {
    expect(lines.length).toBeGreaterThan(20);
    const subgraphs = new Set(lines.map((l) => l.subgraph).filter(Boolean));
    expect([...subgraphs].sort()).toEqual(['client', 'opportunity', 'shopper']);
    expect(lines.some((l) => l.component === 'gateway' && l.msg === 'request')).toBe(true);
  });

  it("carries one request id, the gateway's, from the gateway through every subgraph it called, with the id the caller sent beside it", () => {
    const rid = requestIds.get('LEGAL')!;
    expect(rid).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l.requestId === 'logs-legal')).toBe(false);
    const gateway = lines.filter((l) => l.component === 'gateway' && l.requestId === rid);
    expect(gateway).toContainEqual(
      expect.objectContaining({ msg: 'request', status: 200, role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', operationName: 'Matrix', clientRequestId: 'logs-legal' }),
    );
    const subgraphs = new Set(lines.filter((l) => l.subgraph && l.requestId === rid).map((l) => l.subgraph));
    expect([...subgraphs].sort()).toEqual(['client', 'opportunity', 'shopper']);
  });

  it('never logs a personal value', () => {
    const values = piiValuesOf(t.data).filter((v) => v.distinctive);
    expect(values.length).toBeGreaterThan(1000);
    const leakedIn = (text: string) =>
      values.filter((v) => {
        if (typeof v.value === 'string') return text.includes(v.value) || text.includes(v.json.slice(1, -1));
        return new RegExp(`(?<![\\w.])${v.json.replace(/[.+-]/g, '\\$&')}(?![\\w.])`).test(text);
      });
    const text = raw.join('\n');
    expect(leakedIn(text).map((v) => `${v.coordinate} of ${v.id}`)).toEqual([]);
    // The scan does find a value that is there (a string and a number).
    const [email, lat] = [values.find((v) => v.coordinate === 'Shopper.email')!, values.find((v) => v.coordinate === 'GeoPoint.lat')!];
    expect(leakedIn(`${text}\n{"x":${JSON.stringify(email.value)},"y":${lat.json}}`).map((v) => v.coordinate).sort()).toEqual(['GeoPoint.lat', 'Shopper.email']);
  });
});
