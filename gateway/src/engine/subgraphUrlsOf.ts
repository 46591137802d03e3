import { Kind, type DocumentNode } from 'graphql';

/** The subgraphs' URLs by name, from a supergraph's `join__Graph` enum (`@join__graph(name:, url:)`). */
export function subgraphUrlsOf(supergraph: DocumentNode): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => {
        const node = graph?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const name = arg('name');
      const url = arg('url');
      if (name !== undefined && url !== undefined) urls[name] = url;
    }
  }
  return urls;
}
