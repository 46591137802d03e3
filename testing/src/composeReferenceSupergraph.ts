import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { PII_DIRECTIVE_SDL, subgraphSchemaHeader } from '../piiDirectiveSdl.ts';

/** The federation imports each reference subgraph's SDL uses. */
const IMPORTS: Record<string, string[]> = {
  shopper: ['@key', '@shareable', '@external', '@requires'],
  opportunity: ['@key', '@shareable'],
  client: ['@key', '@shareable'],
};

/** Test support: composes the three reference subgraphs into a supergraph SDL (throws on composition errors). */
export function composeReferenceSupergraph(): string {
  const services = Object.entries(IMPORTS).map(([name, imports]) => {
    const sdl = readFileSync(new URL(`../../../subgraphs/${name}/src/schema.graphql`, import.meta.url), 'utf8');
    return {
      name,
      url: `http://localhost/${name}`,
      typeDefs: parse(subgraphSchemaHeader(imports) + PII_DIRECTIVE_SDL + sdl),
    };
  });
  const result = composeServices(services);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}
