import type { CompiledPolicy } from './compilePolicy.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';

/**
 * Lists the policy's per-field rules that can never apply because their coordinate carries
 * no `@pii` in the schema (a typo, or a field that was renamed). An empty list means every
 * override reaches a field. Meant for start-up and the schema lint: a `deny` override that
 * misses its field would leave that field to the category rule.
 */
export function checkPolicyAgainstSchema(policy: CompiledPolicy, index: PiiIndex): string[] {
  const problems: string[] = [];
  for (const role of policy.roles.values()) {
    for (const grant of role.grants) {
      for (const field of grant.fields.values()) {
        const dot = field.coordinate.indexOf('.');
        if (!index.fieldAnnotation(field.coordinate.slice(0, dot), field.coordinate.slice(dot + 1))) {
          problems.push(`${field.rule}: ${field.coordinate} has no @pii in the schema, so this rule never applies`);
        }
      }
    }
  }
  return problems;
}
