import { subgraphTypeDefs } from '@confero/subgraph-common';

/** Federation directives the shopper subgraph imports. */
export const SHOPPER_FEDERATION_IMPORTS = ['@key', '@shareable', '@external', '@requires'] as const;

/** The shopper subgraph's full SDL: federation header + `@pii` SDL + `schema.graphql`. */
export const shopperTypeDefs = subgraphTypeDefs(new URL('./schema.graphql', import.meta.url), SHOPPER_FEDERATION_IMPORTS);
