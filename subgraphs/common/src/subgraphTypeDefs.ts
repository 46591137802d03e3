import { readFileSync } from 'node:fs';
import { PII_DIRECTIVE_SDL, subgraphSchemaHeader } from '@confero/directives';
import { parse, type DocumentNode } from 'graphql';

/**
 * A subgraph's full type defs: the federation/`@pii` schema header, the `@pii` directive SDL
 * and the subgraph's own `schema.graphql` (read from `schemaFile`).
 */
export function subgraphTypeDefs(schemaFile: URL, federationImports: readonly string[]): DocumentNode {
  const own = readFileSync(schemaFile, 'utf8');
  return parse(subgraphSchemaHeader(federationImports) + PII_DIRECTIVE_SDL + own);
}
