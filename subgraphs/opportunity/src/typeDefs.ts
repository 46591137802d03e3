import { subgraphTypeDefs } from '@confero/subgraph-common';

/** Federation directives the opportunity subgraph imports. */
export const OPPORTUNITY_FEDERATION_IMPORTS = ['@key', '@shareable'] as const;

/** The opportunity subgraph's full SDL: federation header + `@pii` SDL + `schema.graphql`. */
export const opportunityTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), OPPORTUNITY_FEDERATION_IMPORTS);
