import type { PiiAnnotation } from './types.ts';

/** A GraphQL name, as an enum value of `PiiCategory` or `Purpose` is. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Turns the arguments of one `@pii(...)` application (as plain values) into a frozen
 * annotation. Throws, naming `where`, when they are malformed: a schema whose `@pii` cannot
 * be read must not be served. Whether its category and purposes are ones the policy declares
 * is checked against the policy (`checkSchemaVocabulary`), not here.
 */
export function toPiiAnnotation(args: Readonly<Record<string, unknown>>, where: string): PiiAnnotation {
  const { category, purpose, sensitive, lowCardinality } = args;
  if (typeof category !== 'string' || !NAME.test(category)) {
    throw new Error(`@pii on ${where}: category must be a name, got ${JSON.stringify(category)}`);
  }
  if (sensitive !== undefined && sensitive !== null && typeof sensitive !== 'boolean') {
    throw new Error(`@pii on ${where}: sensitive must be a boolean`);
  }
  if (lowCardinality !== undefined && lowCardinality !== null && typeof lowCardinality !== 'boolean') {
    throw new Error(`@pii on ${where}: lowCardinality must be a boolean`);
  }
  let purposes: readonly string[] | undefined;
  if (purpose !== undefined && purpose !== null) {
    // GraphQL input coercion lets a single value stand for a one-element list.
    const list = Array.isArray(purpose) ? purpose : [purpose];
    for (const p of list) {
      if (typeof p !== 'string' || !NAME.test(p)) throw new Error(`@pii on ${where}: a purpose must be a name, got ${JSON.stringify(p)}`);
    }
    purposes = Object.freeze([...new Set(list as string[])]);
  }
  const annotation: PiiAnnotation = { category, sensitive: sensitive === true };
  if (purposes) annotation.purposes = purposes;
  // Only when true, so that annotations (and the index's fingerprint) without it stay as they were.
  if (lowCardinality === true) annotation.lowCardinality = true;
  return Object.freeze(annotation);
}
