import { readFileSync } from 'node:fs';
import { POLICY_PATH } from '@confero/directives';

/** The shipped policy's vocabulary: its categories, purposes and scopes, as the file declares them. */
function referenceVocabulary(): Record<string, unknown> {
  const { categories, purposes, scopes } = JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as Record<string, unknown>;
  return { categories, purposes, scopes };
}

/**
 * A test policy over the reference deployment's vocabulary: `document` with the shipped
 * policy's categories, purposes and scopes where it declares none, and a description for every
 * role of its current version that has none (a policy requires both).
 */
export function referencePolicyDocument(document: Record<string, unknown>): Record<string, unknown> {
  const roles = Object.fromEntries(
    Object.entries((document.roles ?? {}) as Record<string, Record<string, unknown>>).map(([name, role]) => [name, { description: `test role ${name}`, ...role }]),
  );
  return { ...referenceVocabulary(), ...document, roles };
}
