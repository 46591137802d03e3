import {
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** A field definition as execution sees it, introspection meta fields included. */
export function fieldDefinition(
  schema: GraphQLSchema,
  parentType: GraphQLCompositeType,
  fieldName: string,
): GraphQLField<unknown, unknown> | undefined {
  if (fieldName === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (fieldName === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (fieldName === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  if (isObjectType(parentType) || isInterfaceType(parentType)) return parentType.getFields()[fieldName];
  return undefined;
}

/** `alias: name`, a selection the planner adds. */
export function aliasedField(alias: string, name: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } };
}

/** `base`, or `base_2`, `base_3`…: the first that no alias of the document uses. */
export function reservedResponseKey(base: string, aliases: ReadonlySet<string>): string {
  if (!aliases.has(base)) return base;
  for (let n = 2; ; n += 1) if (!aliases.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Adds the variables used in these arguments and directives to `used`. */
export function collectVariables(
  args: readonly ArgumentNode[] | undefined,
  directives: readonly DirectiveNode[] | undefined,
  used: Set<string>,
): void {
  for (const arg of args ?? []) collectValueVariables(arg.value, used);
  for (const directive of directives ?? []) for (const arg of directive.arguments ?? []) collectValueVariables(arg.value, used);
}

function collectValueVariables(value: ValueNode, used: Set<string>): void {
  if (value.kind === Kind.VARIABLE) used.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) collectValueVariables(item, used);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) collectValueVariables(field.value, used);
}

/** Every alias in the document's operations and fragments. */
export function collectAliases(document: DocumentNode): Set<string> {
  const aliases = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases.add(selection.alias.value);
        walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) walk(definition.selectionSet);
  }
  return aliases;
}
