import { loadPolicy, type CompiledPolicy } from '@confero/directives';
import { describe, expect, it } from 'vitest';
import { startGateway } from './index.ts';

// The gateway serves a supergraph only under a policy that fits it: every category and purpose
// its @pii names is one the policy declares (a typo must not become a silent deny), and the
// policy keeps the guard rails that need the schema. A made-up deployment (a clinic).

const SUPERGRAPH = /* GraphQL */ `
  type Query { patients: [Patient] }
  type Patient {
    id: ID!
    name: String @pii(category: CONTACT, purpose: [TREATMENT])
    genome: String @pii(category: GENETICS, purpose: [STUDDY], sensitive: true)
  }
`;

function policyWith(categories: string[], purposes: string[], roles: Record<string, unknown> = {}): CompiledPolicy {
  const loaded = loadPolicy({
    version: 'clinic-1',
    categories: Object.fromEntries(categories.map((c) => [c, { description: c }])),
    purposes: Object.fromEntries(purposes.map((p) => [p, { description: p }])),
    roles,
  });
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  return loaded.policy;
}

const start = (policy: CompiledPolicy, supergraphSdl = SUPERGRAPH) =>
  startGateway({ supergraphSdl, policy, callerContextSecret: 'x'.repeat(32), auth: { jwtSecret: 'y'.repeat(32) }, hashKey: 'z'.repeat(16), mongoUri: false, port: 0 });

describe('startGateway, when the policy does not fit the supergraph', () => {
  it('refuses a supergraph whose @pii names a category or purpose the policy does not declare, naming each', async () => {
    await expect(start(policyWith(['CONTACT'], ['TREATMENT', 'STUDY']))).rejects.toThrow(
      'gateway: the supergraph names categories or purposes policy clinic-1 does not declare:\n' +
        '  - @pii on Patient.genome names category GENETICS, which policy clinic-1 does not declare (its categories: CONTACT)\n' +
        '  - @pii on Patient.genome names purpose STUDDY, which policy clinic-1 does not declare (its purposes: TREATMENT, STUDY)',
    );
  });

  it('refuses a policy that breaks a rule of the mechanism on this schema (a sensitive field without purposes shown)', async () => {
    const sdl = SUPERGRAPH.replace('purpose: [STUDDY], ', '');
    const policy = policyWith(['CONTACT', 'GENETICS'], ['TREATMENT'], { NURSE: { description: 'n', scope: 'all', grants: [{ purposes: ['TREATMENT'], sensitive: { GENETICS: 'allow' } }] } });
    await expect(start(policy, sdl)).rejects.toThrow(/breaks the privacy policy's guard rails on this supergraph:\n {2}- roles\.NURSE\.grants\[0\]\.sensitive\.GENETICS: refused: Patient\.genome is sensitive but its @pii lists no purposes/);
  });
});
