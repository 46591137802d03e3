import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the committed, composed supergraph of the reference deployment. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
/** Path of the shipped default privacy policy. */
export const POLICY_PATH = fileURLToPath(new URL('../policy.json', import.meta.url));

/** Reads the committed supergraph SDL. */
export function readSupergraph(path: string = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}
