import { createHash } from 'node:crypto';
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
} from 'graphql';
import { keyFieldNames } from './keyFieldNames.ts';
import { directiveArgs, piiSpecNames } from './piiSpecNames.ts';
import { readSchemaShape, type SchemaShape } from './readSchemaShape.ts';
import { toPiiAnnotation } from './toPiiAnnotation.ts';
import type { PiiAnnotation } from './types.ts';

/** One field's effective annotation. */
export interface PiiFieldEntry {
  /** `Type.field`. */
  readonly coordinate: string;
  readonly annotation: PiiAnnotation;
  /** True when the annotation comes from the object type's `@pii`, not the field's own. */
  readonly inherited: boolean;
}

/** One `@piiReads` declaration. */
export interface PiiReadEntry {
  /** Where it stands: `Type.field(argument:)`, `Input.field`, or `Type.field` (the field's records). */
  readonly at: string;
  readonly kind: 'argument' | 'inputField' | 'field';
  /** The fields it reads (`Type.field` coordinates), in declaration order. */
  readonly fields: readonly string[];
}

/** The `@pii` spec's applications in a schema: annotations, reads, keys. */
export interface PiiIndex {
  /** A hash of every annotation and read; it changes whenever any of them does (for plan-cache keys). */
  readonly version: string;
  /** The field's own `@pii`, else its object type's, else undefined (not PII). */
  fieldAnnotation(typeName: string, fieldName: string): PiiAnnotation | undefined;
  /** The type-level `@pii` of an object type, if any. */
  typeAnnotation(typeName: string): PiiAnnotation | undefined;
  /** Every declared field with an effective annotation, sorted by coordinate. */
  fields(): readonly PiiFieldEntry[];
  /** The fields an argument reads (`@piiReads` on the argument), or undefined. */
  argumentReads(typeName: string, fieldName: string, argumentName: string): readonly string[] | undefined;
  /** The fields an input object's field reads, or undefined. */
  inputFieldReads(inputTypeName: string, fieldName: string): readonly string[] | undefined;
  /** The fields that choose the records a field returns (`@piiReads` on the field), or undefined. */
  fieldReads(typeName: string, fieldName: string): readonly string[] | undefined;
  /** Every `@piiReads` declaration, sorted by where it stands. */
  reads(): readonly PiiReadEntry[];
  /** True when the field is one of its type's `@key` fields (what joins entities across subgraphs). */
  isKeyField(typeName: string, fieldName: string): boolean;
  /** True when an object or interface type of the schema declares the field. */
  hasField(typeName: string, fieldName: string): boolean;
  /** The types of the schema's fields (for checks that need them: a hash over an enum is a label). */
  readonly shape: SchemaShape;
}

interface TypeEntry {
  annotation?: PiiAnnotation;
  own: Map<string, PiiAnnotation>;
  declared: Set<string>;
  keys: Set<string>;
}

const OBJECT_KINDS = new Set<string>([Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION]);
const INPUT_KINDS = new Set<string>([Kind.INPUT_OBJECT_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_EXTENSION]);
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

function applicationsOf(directives: readonly ConstDirectiveNode[] | undefined, name: string, where: string): Record<string, unknown> | undefined {
  const found = (directives ?? []).filter((d) => d.name.value === name);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new Error(`@${name} on ${where}: applied more than once`);
  return directiveArgs(found[0]!);
}

function annotationOf(directives: readonly ConstDirectiveNode[] | undefined, name: string, where: string) {
  const args = applicationsOf(directives, name, where);
  return args && toPiiAnnotation(args, where);
}

/** The coordinates a `@piiReads` names; throws, naming `where`, when one is not `Type.field`. */
function readsOf(directives: readonly ConstDirectiveNode[] | undefined, name: string, where: string): readonly string[] | undefined {
  const args = applicationsOf(directives, name, where);
  if (!args) return undefined;
  const list = Array.isArray(args.fields) ? args.fields : [args.fields];
  if (list.length === 0 || !list.every((c): c is string => typeof c === 'string' && COORDINATE.test(c))) {
    throw new Error(`@piiReads on ${where}: fields must name one or more schema coordinates (Type.field)`);
  }
  return Object.freeze([...new Set(list)]);
}

/** Key fields from `@join__type(key:)` (a supergraph) or `@key(fields:)` (a subgraph). */
function addKeys(def: DefinitionNode & { directives?: readonly ConstDirectiveNode[] }, keys: Set<string>): void {
  for (const directive of def.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'join__type' && name !== 'key' && name !== 'federation__key') continue;
    const args = directiveArgs(directive);
    const fieldSet = name === 'join__type' ? args.key : args.fields;
    if (typeof fieldSet === 'string') for (const field of keyFieldNames(fieldSet)) keys.add(field);
  }
}

function fingerprint(entries: readonly PiiFieldEntry[], types: Map<string, TypeEntry>, reads: readonly PiiReadEntry[]): string {
  const hash = createHash('sha256');
  for (const [name, type] of [...types].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (type.annotation) hash.update(`${name}:${JSON.stringify(type.annotation)}\n`);
  }
  for (const e of entries) hash.update(`${e.coordinate}:${JSON.stringify(e.annotation)}\n`);
  for (const r of reads) hash.update(`${r.at}<${r.fields.join(',')}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Reads the `@pii` spec's applications of a supergraph SDL (or a subgraph SDL) from its AST:
 * `@pii` on fields and object types (a type-level `@pii` applies to each of its fields that has
 * none of its own), `@piiReads` on arguments, input fields and fields, and the types' key
 * fields. Federation directives beside them (`@join__field`, …) are ignored. Throws when an
 * application is malformed (unknown category or purpose, a read that names no coordinate).
 */
export function readPiiAnnotations(sdlOrDocument: string | DocumentNode): PiiIndex {
  const document = typeof sdlOrDocument === 'string' ? parse(sdlOrDocument) : sdlOrDocument;
  const names = piiSpecNames(document);
  const types = new Map<string, TypeEntry>();
  const reads = new Map<string, PiiReadEntry>();
  const addRead = (at: string, kind: PiiReadEntry['kind'], directives: readonly ConstDirectiveNode[] | undefined) => {
    const fields = readsOf(directives, names.piiReads, at);
    if (fields) reads.set(at, Object.freeze({ at, kind, fields }));
  };
  for (const def of document.definitions) {
    if (INPUT_KINDS.has(def.kind)) {
      const input = def as { name: { value: string }; fields?: readonly InputValueDefinitionNode[] };
      for (const field of input.fields ?? []) addRead(`${input.name.value}.${field.name.value}`, 'inputField', field.directives);
      continue;
    }
    if (!OBJECT_KINDS.has(def.kind)) continue;
    const object = def as DefinitionNode & { name: { value: string }; directives?: readonly ConstDirectiveNode[]; fields?: readonly FieldDefinitionNode[] };
    const typeName = object.name.value;
    const type: TypeEntry = types.get(typeName) ?? { own: new Map(), declared: new Set(), keys: new Set() };
    types.set(typeName, type);
    addKeys(object, type.keys);
    const typeLevel = annotationOf(object.directives, names.pii, typeName);
    if (typeLevel && type.annotation) throw new Error(`@pii on ${typeName}: applied more than once`);
    type.annotation ??= typeLevel;
    for (const field of object.fields ?? []) {
      const fieldName = field.name.value;
      const coordinate = `${typeName}.${fieldName}`;
      type.declared.add(fieldName);
      const own = annotationOf(field.directives, names.pii, coordinate);
      if (own) type.own.set(fieldName, own);
      addRead(coordinate, 'field', field.directives);
      for (const arg of field.arguments ?? []) addRead(`${coordinate}(${arg.name.value}:)`, 'argument', arg.directives);
    }
  }

  const entries: PiiFieldEntry[] = [];
  for (const [typeName, type] of types) {
    for (const fieldName of type.declared) {
      const own = type.own.get(fieldName);
      const annotation = own ?? type.annotation;
      if (annotation) entries.push(Object.freeze({ coordinate: `${typeName}.${fieldName}`, annotation, inherited: !own }));
    }
  }
  const byCoordinate = (a: { coordinate?: string; at?: string }, b: { coordinate?: string; at?: string }) => {
    const x = a.coordinate ?? a.at!;
    const y = b.coordinate ?? b.at!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  entries.sort(byCoordinate);
  Object.freeze(entries);
  const readList = Object.freeze([...reads.values()].sort(byCoordinate));

  return Object.freeze({
    version: fingerprint(entries, types, readList),
    fieldAnnotation(typeName: string, fieldName: string) {
      const type = types.get(typeName);
      if (!type) return undefined;
      return type.own.get(fieldName) ?? (fieldName.startsWith('__') ? undefined : type.annotation);
    },
    typeAnnotation: (typeName: string) => types.get(typeName)?.annotation,
    fields: () => entries,
    argumentReads: (typeName: string, fieldName: string, argumentName: string) => reads.get(`${typeName}.${fieldName}(${argumentName}:)`)?.fields,
    inputFieldReads: (inputTypeName: string, fieldName: string) => reads.get(`${inputTypeName}.${fieldName}`)?.fields,
    fieldReads: (typeName: string, fieldName: string) => reads.get(`${typeName}.${fieldName}`)?.fields,
    reads: () => readList,
    isKeyField: (typeName: string, fieldName: string) => types.get(typeName)?.keys.has(fieldName) ?? false,
    hasField: (typeName: string, fieldName: string) => types.get(typeName)?.declared.has(fieldName) ?? false,
    shape: readSchemaShape(document),
  });
}
