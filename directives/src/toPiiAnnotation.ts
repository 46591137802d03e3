import { PII_CATEGORIES, PURPOSES, type PiiCategory, type Purpose } from './piiDirectiveSdl.ts';
import type { PiiAnnotation } from './types.ts';

/**
 * Turns the arguments of one `@pii(...)` application (as plain values) into a frozen
 * annotation. Throws, naming `where`, when they are malformed: a schema whose `@pii` cannot
 * be read must not be served.
 */
export function toPiiAnnotation(args: Readonly<Record<string, unknown>>, where: string): PiiAnnotation {
  const { category, purpose, sensitive, lowCardinality } = args;
  if (!PII_CATEGORIES.includes(category as PiiCategory)) {
    throw new Error(`@pii on ${where}: unknown category ${JSON.stringify(category)}`);
  }
  if (sensitive !== undefined && sensitive !== null && typeof sensitive !== 'boolean') {
    throw new Error(`@pii on ${where}: sensitive must be a boolean`);
  }
  if (lowCardinality !== undefined && lowCardinality !== null && typeof lowCardinality !== 'boolean') {
    throw new Error(`@pii on ${where}: lowCardinality must be a boolean`);
  }
  let purposes: readonly Purpose[] | undefined;
  if (purpose !== undefined && purpose !== null) {
    // GraphQL input coercion lets a single value stand for a one-element list.
    const list = Array.isArray(purpose) ? purpose : [purpose];
    for (const p of list) {
      if (!PURPOSES.includes(p as Purpose)) throw new Error(`@pii on ${where}: unknown purpose ${JSON.stringify(p)}`);
    }
    purposes = Object.freeze([...new Set(list as Purpose[])]);
  }
  const annotation: PiiAnnotation = { category: category as PiiCategory, sensitive: sensitive === true };
  if (purposes) annotation.purposes = purposes;
  // Only when true, so that annotations (and the index's fingerprint) without it stay as they were.
  if (lowCardinality === true) annotation.lowCardinality = true;
  return Object.freeze(annotation);
}
