import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The gateway shares one subgraph request among identical queries of the same caller in
// flight together. Callers that differ in anything (here: the client they belong to, or who
// they are) must each get their own answer, however the requests interleave.

const DASHBOARD = `query Dashboard { deliverables(first: 20) { nodes { id opportunity { client { id } } shopper { id name } } } }`;

describe('sharing in-flight subgraph queries', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => t?.stop());

  it('never hands one client’s deliverables to another client, with their identical dashboards in flight together', async () => {
    const [first, second] = [...new Set(t.data.deliverables.map((d) => d.clientId))];
    const callers = Array.from({ length: 24 }, (_, i) => ({ role: 'CLIENT', sub: `user-${i % 3}`, clientId: i % 2 ? first! : second! }));
    const answers = await Promise.all(callers.map((caller) => t.query(caller, 'CLIENT_REPORTING', DASHBOARD)));
    answers.forEach(({ status, json }, i) => {
      expect(status).toBe(200);
      const nodes = json.data!.deliverables.nodes as Array<{ id: string; opportunity: { client: { id: string } } }>;
      expect(nodes.length).toBeGreaterThan(0);
      const own = new Set(t.data.deliverables.filter((d) => d.clientId === callers[i]!.clientId).map((d) => d._id));
      for (const node of nodes) {
        expect(node.opportunity.client.id).toBe(callers[i]!.clientId);
        expect(own.has(node.id)).toBe(true);
      }
    });
  });

  it('gives each of many identical concurrent requests the same, complete answer', async () => {
    const caller = { role: 'LEGAL', sub: 'legal-1' };
    const answers = await Promise.all(Array.from({ length: 16 }, () => t.query(caller, 'LEGAL_COMPLIANCE', DASHBOARD)));
    const first = JSON.stringify(answers[0]!.json.data);
    expect(answers[0]!.json.data!.deliverables.nodes).toHaveLength(20);
    for (const { status, json } of answers) {
      expect(status).toBe(200);
      expect(JSON.stringify(json.data)).toBe(first);
    }
  });
});
