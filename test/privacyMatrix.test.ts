import { readPiiAnnotations } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations, leaks, type Asker } from './support/leakExpectations.ts';
import { CLOSED_WORLD_MATRIX_OPERATION, MATRIX_OPERATION } from './support/matrixOperation.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The privacy invariant over the whole matrix: for every role, every purpose it may state (and
// none), one operation selecting every @pii field through root lists, nested entities and
// fragments. The raw response body must not contain any seeded value the policy withholds from
// that caller, and must contain values of the fields the policy allows (nothing over-denied).

describe('the privacy matrix', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => t?.stop());

  it('selects every @pii field of the supergraph in its operation', () => {
    const index = readPiiAnnotations(readSupergraph());
    const selected = MATRIX_OPERATION.replace(/\s+/g, ' ');
    const missing = index
      .fields()
      .map((f) => f.coordinate)
      .filter((c) => !c.startsWith('Opportunity.') && !c.startsWith('Query.') && !c.startsWith('Mutation.'))
      .filter((c) => !new RegExp(`\\b${c.split('.')[1]}\\b`).test(selected));
    expect(missing).toEqual([]);
  });

  function askers(): Asker[] {
    const client = t.data.clients[0]!._id;
    const shopper = t.data.assignments.find((a) => a.clientId === client)!.shopperId;
    const list: Asker[] = [];
    for (const role of Object.keys(t.policy.document.roles)) {
      const ids = role === 'CLIENT' ? { clientId: client } : role === 'SHOPPER' ? { shopperId: shopper } : {};
      for (const purpose of [...t.policy.purposesOf(role), null]) list.push({ role, purpose, ...ids });
    }
    return list;
  }

  it('never returns a withheld value and always returns the allowed ones, for every role and purpose', async () => {
    const failures: string[] = [];
    let permittedSeen = 0;
    for (const asker of askers()) {
      const identity = { role: asker.role, sub: `matrix-${asker.role}`, clientId: asker.clientId, shopperId: asker.shopperId, partnerId: asker.role === 'PARTNER' ? 'ptn_1' : undefined };
      const label = `${asker.role}/${asker.purpose ?? '(no purpose)'}`;
      let { status, body, json } = await t.query(identity, asker.purpose, MATRIX_OPERATION);
      if (t.policy.isClosedWorld(asker.role)) {
        // A closed-world role is refused the whole matrix: it asks for lists and non-null fields
        // outside the role's grant, which cannot come back null. Nothing leaks with the refusal.
        const reasons = new Set((json.errors?.[0]?.extensions?.denied ?? []).map((d: { reason: string }) => d.reason));
        if (status !== 403 || !reasons.has(asker.purpose ? 'CLOSED_WORLD' : 'NO_PURPOSE')) failures.push(`${label}: the whole matrix was not refused: HTTP ${status}`);
        for (const leak of leaks(body, expectations(t.data, t.policy, asker).forbidden)) failures.push(`${label}: LEAK in the refusal ${leak.coordinate}`);
        ({ status, body, json } = await t.query(identity, asker.purpose, CLOSED_WORLD_MATRIX_OPERATION));
        if (!asker.purpose && status === 403) status = 200; // without its purpose, even the shopper list is outside its world
      }
      if (status !== 200) failures.push(`${label}: HTTP ${status} ${body.slice(0, 200)}`);
      const { forbidden, permitted } = expectations(t.data, t.policy, asker);
      for (const leak of leaks(body, forbidden)) failures.push(`${label}: LEAK ${leak.coordinate} of ${leak.id} (${leak.path})`);
      // Coverage: each allowed leaf coordinate shows up with at least one of its values.
      const byCoordinate = new Map<string, string[]>();
      for (const v of permitted) byCoordinate.set(v.coordinate, [...(byCoordinate.get(v.coordinate) ?? []), v.json]);
      for (const [coordinate, values] of byCoordinate) {
        if (values.some((json) => body.includes(json))) permittedSeen += 1;
        else failures.push(`${label}: allowed ${coordinate} never returned`);
      }
    }
    expect(failures).toEqual([]);
    expect(permittedSeen).toBeGreaterThan(50);
  }, 240_000); // ~40 requests of a large operation: seconds alone, much longer on a loaded 2-core machine

  it('withholds every @pii field when no purpose is stated, and still serves non-PII fields', async () => {
    const { json, body } = await t.query({ role: 'SUPPORT' }, null, MATRIX_OPERATION);
    expect(json.data!.shoppers.nodes.length).toBe(t.data.shoppers.length);
    expect(json.data!.shoppers.nodes[0].email).toBeNull();
    const { forbidden } = expectations(t.data, t.policy, { role: 'SUPPORT', purpose: null });
    expect(leaks(body, forbidden)).toEqual([]);
    expect(json.extensions?.privacy?.withheldCount).toBeGreaterThan(0);
  });

  it('knows every purpose it tests', () => {
    for (const asker of askers()) if (asker.purpose) expect([...t.policy.purposes.keys()]).toContain(asker.purpose);
  });
});
