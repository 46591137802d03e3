import { Kind, type DirectiveNode, type OperationDefinitionNode } from 'graphql';
import type { IncludeCondition } from './types.ts';

/** The Boolean default values of an operation's variables (for `@include(if: $v)` without `$v`). */
export function booleanVariableDefaults(operation: OperationDefinitionNode): Map<string, boolean> {
  const defaults = new Map<string, boolean>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.BOOLEAN) defaults.set(definition.variable.name.value, definition.defaultValue.value);
  }
  return defaults;
}

/** The `@include`/`@skip` conditions of one field, fragment spread or inline fragment. */
export function readIncludeConditions(
  directives: readonly DirectiveNode[] | undefined,
  defaults: ReadonlyMap<string, boolean>,
): IncludeCondition[] {
  const conditions: IncludeCondition[] = [];
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'include' && name !== 'skip') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const include = name === 'include';
    if (arg.value.kind === Kind.VARIABLE) {
      const variable = arg.value.name.value;
      const value = defaults.get(variable);
      conditions.push(value === undefined ? { include, variable } : { include, variable, value });
    } else if (arg.value.kind === Kind.BOOLEAN) {
      conditions.push({ include, value: arg.value.value });
    }
  }
  return conditions;
}

/** Whether a field with these conditions is in the response, with graphql-js's semantics. */
export function isIncluded(
  conditions: readonly IncludeCondition[] | undefined,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  if (conditions === undefined) return true;
  for (const condition of conditions) {
    let value: unknown = condition.value;
    if (condition.variable !== undefined) {
      if (Object.hasOwn(variables, condition.variable) && variables[condition.variable] !== undefined) {
        value = variables[condition.variable];
      }
    }
    if (condition.include ? value === false : value === true) return false;
  }
  return true;
}
