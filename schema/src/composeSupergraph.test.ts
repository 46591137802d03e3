import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, readSupergraph, referenceSubgraphs } from './index.ts';

/** The `@pii(...)` application on a field of the supergraph, as printed. */
function piiOf(supergraph: string, typeName: string, fieldName: string): string | undefined {
  const doc = parse(supergraph);
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' || def.name.value !== typeName) continue;
    const field = def.fields?.find((f) => f.name.value === fieldName);
    const pii = field?.directives?.find((d) => d.name.value === 'pii');
    if (!pii) return undefined;
    return pii.arguments?.map((a) => `${a.name.value}: ${a.value.kind === 'ListValue' ? `[${a.value.values.map((v) => (v as { value: string }).value).join(', ')}]` : (a.value as { value: string }).value}`).join(', ');
  }
  return undefined;
}

describe('composeSupergraph', () => {
  const result = composeSupergraph(referenceSubgraphs());

  it('composes the three reference subgraphs without errors', () => {
    expect('errors' in result ? result.errors : []).toEqual([]);
  });

  it('keeps @pii applications by schema coordinate in the supergraph', () => {
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    const sdl = result.supergraphSdl;
    expect(sdl).toContain('@link(url: "https://confero.dev/pii/v1.0", import: ["@pii", "@piiReads", "@notPersonal"])');
    expect(piiOf(sdl, 'Shopper', 'email')).toMatch(/^category: IDENTIFIERS, purpose: \[SHOPPER_COMMUNICATION/);
    expect(piiOf(sdl, 'Shopper', 'ssn')).toContain('sensitive: true');
    expect(piiOf(sdl, 'Deliverable', 'recordings')).toMatch(/^category: SENSORY/);
    expect(piiOf(sdl, 'Client', 'contacts')).toMatch(/^category: IDENTIFIERS/);
    expect(piiOf(sdl, 'Opportunity', 'title')).toBeUndefined();
  });

  it('matches the committed schema/supergraph.graphql (run `npm run compose` when this fails)', () => {
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    expect(readSupergraph().trim()).toBe(result.supergraphSdl.trim());
  });

  it('reports a composition error instead of throwing', () => {
    const [shopper] = referenceSubgraphs();
    const broken = composeSupergraph([shopper!, { ...shopper!, name: 'shopper2' }]);
    expect('errors' in broken && broken.errors.length).toBeGreaterThan(0);
  });
});
