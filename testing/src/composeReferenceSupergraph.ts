import { composeSupergraph, referenceSubgraphs } from '@confero/schema';

/** Composes the three reference subgraphs into a supergraph SDL (throws on composition errors): a realistic input for unit tests. */
export function composeReferenceSupergraph(): string {
  const result = composeSupergraph(referenceSubgraphs());
  if ('errors' in result) throw new Error(`composition failed: ${result.errors.join('; ')}`);
  return result.supergraphSdl;
}
