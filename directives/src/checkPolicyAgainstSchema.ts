import type { CompiledPolicy } from './compilePolicy.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';

/**
 * Lists the policy's per-field rules that can never apply: their coordinate carries no `@pii`
 * in the schema (a typo, or a field that was renamed) — except in a closed-world role, whose
 * rules also name fields without `@pii` (those must exist in the schema). An empty list means
 * every override reaches a field. Meant for start-up and the schema lint: a `deny` override
 * that misses its field would leave that field to the category rule.
 */
export function checkPolicyAgainstSchema(policy: CompiledPolicy, index: PiiIndex): string[] {
  const problems: string[] = [];
  for (const version of [policy, ...policy.previousVersions.values()]) {
    for (const role of version.roles.values()) {
      for (const grant of role.grants) {
        for (const field of grant.fields.values()) {
          const dot = field.coordinate.indexOf('.');
          const typeName = field.coordinate.slice(0, dot);
          const fieldName = field.coordinate.slice(dot + 1);
          if (index.fieldAnnotation(typeName, fieldName)) continue;
          if (!role.closedWorld) problems.push(`${field.rule}: ${field.coordinate} has no @pii in the schema, so this rule never applies`);
          else if (!index.hasField(typeName, fieldName)) problems.push(`${field.rule}: ${field.coordinate} is not a field of the schema, so this rule never applies`);
        }
      }
    }
  }
  return problems;
}
