import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { piiDirectiveSdl, subgraphSchemaHeader } from './index.ts';
import { compiled } from './testing/policies.ts';

// The @pii directive's enums are the policy's vocabulary, so a subgraph's own GraphQL
// validation refuses a category or purpose the policy does not declare.

describe('piiDirectiveSdl', () => {
  it("builds the PiiCategory and Purpose enums from the vocabulary's names, in order", () => {
    const sdl = piiDirectiveSdl({ categories: ['CONTACT', 'HEALTH'], purposes: ['TREATMENT'] });
    expect(sdl).toContain('enum PiiCategory {\n  CONTACT\n  HEALTH\n}');
    expect(sdl).toContain('enum Purpose {\n  TREATMENT\n}');
    expect(sdl).toContain('directive @pii(category: PiiCategory!, purpose: [Purpose!], sensitive: Boolean = false, lowCardinality: Boolean = false) on FIELD_DEFINITION | OBJECT');
  });

  it("takes a compiled policy's vocabulary as it is", () => {
    const policy = compiled({ version: 'v', roles: {} });
    expect(piiDirectiveSdl(policy)).toBe(piiDirectiveSdl({ categories: [...policy.categories.keys()], purposes: [...policy.purposes.keys()] }));
  });

  it('lets a subgraph refuse, at start, a category the policy does not declare', () => {
    const typeDefs = (category: string) => parse(`${subgraphSchemaHeader(['@key'])}${piiDirectiveSdl({ categories: ['CONTACT'], purposes: ['TREATMENT'] })} type Query { name: String @pii(category: ${category}) }`);
    expect(() => buildSubgraphSchema({ typeDefs: typeDefs('CONTACT') })).not.toThrow();
    expect(() => buildSubgraphSchema({ typeDefs: typeDefs('CONTCT') })).toThrow(/Invalid value for "@pii\(category:\)" of type "PiiCategory!"/);
  });

  it('refuses an empty vocabulary, which no enum can hold', () => {
    expect(() => piiDirectiveSdl({ categories: [], purposes: ['TREATMENT'] })).toThrow('piiDirectiveSdl: the vocabulary declares no PiiCategory values (a GraphQL enum needs at least one)');
  });
});
