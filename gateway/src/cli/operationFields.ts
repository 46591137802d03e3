import {
  getNamedType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldDefinition } from '../privacy/selectionHelpers.ts';

/** One field the operation selects, by response path. */
export interface OperationField {
  /** Response keys from the root (aliases as the caller wrote them). */
  readonly path: readonly string[];
  /** `Type.field` of the field's definition (the fragment's type where one narrows it). */
  readonly coordinate: string;
}

/**
 * Lists every field an operation selects, in document order, fragments expanded (each
 * path and coordinate once). Only for showing the operation: decisions come from the plan.
 */
export function operationFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const out: OperationField[] = [];
  const seen = new Set<string>();
  const active = new Set<string>();
  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: readonly string[]): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const definition = fieldDefinition(schema, parentType, name);
        if (!definition) continue;
        const fieldPath = [...path, selection.alias?.value ?? name];
        const coordinate = `${parentType.name}.${name}`;
        const key = `${fieldPath.join('.')}\u0000${coordinate}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ path: fieldPath, coordinate });
        }
        const type = getNamedType(definition.type);
        if (selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type, fieldPath);
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD && (!fragment || active.has(fragment.name.value))) continue;
      const typeCondition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment?.typeCondition;
      const narrowed = typeCondition ? schema.getType(typeCondition.name.value) : parentType;
      if (!narrowed || !isCompositeType(narrowed)) continue;
      if (fragment) active.add(fragment.name.value);
      walk(selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment!.selectionSet, narrowed, path);
      if (fragment) active.delete(fragment.name.value);
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, []);
  return out;
}
