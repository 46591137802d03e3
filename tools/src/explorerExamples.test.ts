import { describe, expect, it } from 'vitest';
import { EXPLORER_EXAMPLES } from './explorerExamples.ts';
import { generateSeedData } from './seed/index.ts';

describe('EXPLORER_EXAMPLES', () => {
  it("names a deliverable of the default seed, with the ids of its client and shopper", () => {
    const id = (JSON.parse(EXPLORER_EXAMPLES.variables ?? '{}') as { id?: string }).id;
    const deliverable = generateSeedData({}).deliverables.find((d) => d._id === id);
    expect(deliverable).toBeDefined();
    expect({ clientId: deliverable!.clientId, shopperId: deliverable!.shopperId }).toEqual({
      clientId: EXPLORER_EXAMPLES.identities?.clientId,
      shopperId: EXPLORER_EXAMPLES.identities?.shopperId,
    });
  });
});
