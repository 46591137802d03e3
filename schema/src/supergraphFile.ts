import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@confero/directives';

// The paths of this folder's `supergraph.graphql`, `policy.json` and `invariants.json` are defined
// once, in `@confero/directives` (`shippedFiles.ts`), so that lower layers name the same files.
export { INVARIANTS_PATH, POLICY_PATH, SUPERGRAPH_PATH } from '@confero/directives';

/** Reads the committed supergraph SDL. */
export function readSupergraph(path: string = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}
