import { subgraphTypeDefs } from '@confero/subgraph-common';

/** Federation directives the client subgraph imports. */
export const CLIENT_FEDERATION_IMPORTS = ['@key', '@shareable'] as const;

/** The client subgraph's full SDL: federation header + `@pii` SDL + `schema.graphql`. */
export const clientTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), CLIENT_FEDERATION_IMPORTS);
