import { readFileSync } from 'node:fs';
import { loadPolicyFile, piiDirectiveSdl, POLICY_PATH, subgraphSchemaHeader } from '@confero/directives';
import { parse, type DocumentNode } from 'graphql';

const sdlByPolicy = new Map<string, string>();

/** The `@pii` SDL of the policy file at `policyPath` (loaded and validated once per file). */
function piiSdlOf(policyPath: string): string {
  let sdl = sdlByPolicy.get(policyPath);
  if (sdl === undefined) {
    const loaded = loadPolicyFile(policyPath);
    if ('errors' in loaded) throw new Error(`subgraphTypeDefs: the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
    sdl = piiDirectiveSdl(loaded.policy);
    sdlByPolicy.set(policyPath, sdl);
  }
  return sdl;
}

/**
 * A subgraph's full type defs: the federation/`@pii` schema header, the `@pii` directive SDL
 * with the enums of the policy's vocabulary (`policyPath`, default the shipped policy: every
 * subgraph of a deployment builds the same enums from the same policy, so they compose) and
 * the subgraph's own `schema.graphql` (read from `schemaFile`). Throws when the policy is invalid.
 */
export function subgraphTypeDefs(schemaFile: URL, federationImports: readonly string[], policyPath: string = POLICY_PATH): DocumentNode {
  const own = readFileSync(schemaFile, 'utf8');
  return parse(subgraphSchemaHeader(federationImports) + piiSdlOf(policyPath) + own);
}
