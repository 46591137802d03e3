import { Kind, type DocumentNode, type TypeNode } from 'graphql';

/** What a named type of a schema is. */
export type SchemaTypeKind = 'SCALAR' | 'ENUM' | 'OBJECT' | 'INTERFACE' | 'UNION' | 'INPUT_OBJECT';

/** The types of a schema's fields, read from its SDL (for checks that need more than `@pii`). */
export interface SchemaShape {
  /** The named type of a declared field, lists and non-null unwrapped; undefined when the type declares no such field. */
  fieldType(typeName: string, fieldName: string): string | undefined;
  /** What a named type is (the built-in scalars included); undefined for a type the SDL does not define. */
  kindOf(typeName: string): SchemaTypeKind | undefined;
  /** The fields an object or interface type declares (definitions and extensions together). */
  fieldsOf(typeName: string): readonly string[];
  /** The object types a value of this type can be: a union's members, an interface's implementers, an object itself. */
  possibleTypes(typeName: string): readonly string[];
}

const BUILT_IN_SCALARS = ['String', 'Int', 'Float', 'Boolean', 'ID'];

const KINDS: Partial<Record<Kind, SchemaTypeKind>> = {
  [Kind.SCALAR_TYPE_DEFINITION]: 'SCALAR',
  [Kind.SCALAR_TYPE_EXTENSION]: 'SCALAR',
  [Kind.ENUM_TYPE_DEFINITION]: 'ENUM',
  [Kind.ENUM_TYPE_EXTENSION]: 'ENUM',
  [Kind.OBJECT_TYPE_DEFINITION]: 'OBJECT',
  [Kind.OBJECT_TYPE_EXTENSION]: 'OBJECT',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'INTERFACE',
  [Kind.INTERFACE_TYPE_EXTENSION]: 'INTERFACE',
  [Kind.UNION_TYPE_DEFINITION]: 'UNION',
  [Kind.UNION_TYPE_EXTENSION]: 'UNION',
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: 'INPUT_OBJECT',
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: 'INPUT_OBJECT',
};

const namedOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedOf(type.type));

/** Reads the shape of the types an SDL document defines or extends (a supergraph or a subgraph). */
export function readSchemaShape(document: DocumentNode): SchemaShape {
  const kinds = new Map<string, SchemaTypeKind>(BUILT_IN_SCALARS.map((name) => [name, 'SCALAR']));
  const fields = new Map<string, Map<string, string>>();
  const possible = new Map<string, Set<string>>();
  const addPossible = (abstract: string, concrete: string) => {
    const set = possible.get(abstract) ?? new Set<string>();
    set.add(concrete);
    possible.set(abstract, set);
  };
  for (const def of document.definitions) {
    const kind = KINDS[def.kind];
    if (!kind || !('name' in def) || !def.name) continue;
    const name = def.name.value;
    kinds.set(name, kind);
    if (def.kind === Kind.UNION_TYPE_DEFINITION || def.kind === Kind.UNION_TYPE_EXTENSION) {
      for (const member of def.types ?? []) addPossible(name, member.name.value);
    }
    if (kind !== 'OBJECT' && kind !== 'INTERFACE') continue;
    const own = fields.get(name) ?? new Map<string, string>();
    fields.set(name, own);
    if (!('fields' in def)) continue;
    for (const field of def.fields ?? []) own.set(field.name.value, namedOf(field.type));
    if (kind === 'OBJECT' && 'interfaces' in def) for (const i of def.interfaces ?? []) addPossible(i.name.value, name);
  }
  return Object.freeze({
    fieldType: (typeName: string, fieldName: string) => fields.get(typeName)?.get(fieldName),
    kindOf: (typeName: string) => kinds.get(typeName),
    fieldsOf: (typeName: string) => [...(fields.get(typeName)?.keys() ?? [])],
    possibleTypes: (typeName: string) => (kinds.get(typeName) === 'OBJECT' ? [typeName] : [...(possible.get(typeName) ?? [])]),
  });
}
