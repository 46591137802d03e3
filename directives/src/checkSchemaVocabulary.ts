import type { CompiledPolicyVersion } from './compilePolicy.ts';
import type { PiiAnnotation } from './types.ts';

/** What {@link checkSchemaVocabulary} reads of a schema's `@pii`: each annotation with where it stands. */
export interface AnnotatedSchema {
  fields(): ReadonlyArray<{ readonly coordinate: string; readonly annotation: PiiAnnotation; readonly inherited?: boolean }>;
}

/**
 * The `@pii` applications of a schema that name a category or purpose the policy does not
 * declare, one message each (an annotation inherited from its type is reported once, at the
 * type). The gateway refuses to serve such a schema, and a subgraph to start: an undeclared
 * category or purpose would silently deny the field to everyone, so a typo must stop the start.
 */
export function checkSchemaVocabulary(policy: Pick<CompiledPolicyVersion, 'version' | 'categories' | 'purposes'>, schema: AnnotatedSchema): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { coordinate, annotation, inherited } of schema.fields()) {
    const where = inherited ? `type ${coordinate.slice(0, coordinate.indexOf('.'))}` : coordinate;
    if (seen.has(where)) continue;
    seen.add(where);
    if (!policy.categories.has(annotation.category)) {
      problems.push(`@pii on ${where} names category ${annotation.category}, which policy ${policy.version} does not declare (its categories: ${[...policy.categories.keys()].join(', ')})`);
    }
    for (const purpose of annotation.purposes ?? []) {
      if (!policy.purposes.has(purpose)) {
        problems.push(`@pii on ${where} names purpose ${purpose}, which policy ${policy.version} does not declare (its purposes: ${[...policy.purposes.keys()].join(', ')})`);
      }
    }
  }
  return problems;
}
