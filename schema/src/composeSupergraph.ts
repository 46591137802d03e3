import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';

/** One subgraph to compose: its name, the URL the gateway reaches it at, and its SDL. */
export interface SubgraphDefinition {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

export type ComposeResult = { supergraphSdl: string; hints: string[] } | { errors: string[] };

/** Composes a Federation 2 supergraph; composition errors come back as messages, not thrown. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): ComposeResult {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => h.message) };
}
