import { createHash } from 'node:crypto';
import {
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';
import { PII_SPEC_URL } from './piiDirectiveSdl.ts';
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

/** The `@pii` annotations of a schema, by schema coordinate. */
export interface PiiIndex {
  /** A hash of every annotation; it changes whenever any `@pii` does (for plan-cache keys). */
  readonly version: string;
  /** The field's own `@pii`, else its object type's, else undefined (not PII). */
  fieldAnnotation(typeName: string, fieldName: string): PiiAnnotation | undefined;
  /** The type-level `@pii` of an object type, if any. */
  typeAnnotation(typeName: string): PiiAnnotation | undefined;
  /** Every declared field with an effective annotation, sorted by coordinate. */
  fields(): readonly PiiFieldEntry[];
  /** The types of the schema's fields (for checks that need them: a hash over an enum is a label). */
  readonly shape: SchemaShape;
}

interface TypeEntry {
  annotation?: PiiAnnotation;
  own: Map<string, PiiAnnotation>;
  declared: Set<string>;
}

const PII_SPEC_PREFIX = PII_SPEC_URL.replace(/\/v[^/]*$/, '/');

/** The name `@pii` goes by in this document: imported (maybe renamed via `as`), namespaced, or plain. */
function piiDirectiveName(document: DocumentNode): string {
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = Object.fromEntries((link.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      if (typeof args.url !== 'string' || !args.url.startsWith(PII_SPEC_PREFIX)) continue;
      const imports: unknown[] = Array.isArray(args.import) ? args.import : [];
      for (const entry of imports) {
        if (entry === '@pii') return 'pii';
        const { name, as } = (entry ?? {}) as { name?: unknown; as?: unknown };
        if (name === '@pii') return typeof as === 'string' ? as.replace(/^@/, '') : 'pii';
      }
      return `${typeof args.as === 'string' ? args.as : 'pii'}__pii`;
    }
  }
  return 'pii';
}

function annotationOf(directives: readonly ConstDirectiveNode[] | undefined, name: string, where: string) {
  const found = (directives ?? []).filter((d) => d.name.value === name);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new Error(`@pii on ${where}: applied more than once`);
  const args = Object.fromEntries((found[0].arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
  return toPiiAnnotation(args, where);
}

function fingerprint(entries: readonly PiiFieldEntry[], types: Map<string, TypeEntry>): string {
  const hash = createHash('sha256');
  for (const [name, type] of [...types].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (type.annotation) hash.update(`${name}:${JSON.stringify(type.annotation)}\n`);
  }
  for (const e of entries) hash.update(`${e.coordinate}:${JSON.stringify(e.annotation)}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Reads the `@pii` applications of a supergraph SDL (or a subgraph SDL) from its AST.
 * Federation directives beside `@pii` (`@join__field`, `@join__type`, …) are ignored; a
 * type-level `@pii` on an object type applies to each of its fields that has none of its own.
 * Throws when an application is malformed (unknown category or purpose).
 */
export function readPiiAnnotations(sdlOrDocument: string | DocumentNode): PiiIndex {
  const document = typeof sdlOrDocument === 'string' ? parse(sdlOrDocument) : sdlOrDocument;
  const name = piiDirectiveName(document);
  const types = new Map<string, TypeEntry>();
  for (const def of document.definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = def.name.value;
    const type: TypeEntry = types.get(typeName) ?? { own: new Map(), declared: new Set() };
    types.set(typeName, type);
    const typeLevel = annotationOf(def.directives, name, typeName);
    if (typeLevel && type.annotation) throw new Error(`@pii on ${typeName}: applied more than once`);
    type.annotation ??= typeLevel;
    for (const field of (def.fields ?? []) as readonly FieldDefinitionNode[]) {
      const fieldName = field.name.value;
      type.declared.add(fieldName);
      const own = annotationOf(field.directives, name, `${typeName}.${fieldName}`);
      if (own) type.own.set(fieldName, own);
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
  entries.sort((a, b) => (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0));
  Object.freeze(entries);

  return Object.freeze({
    version: fingerprint(entries, types),
    fieldAnnotation(typeName: string, fieldName: string) {
      const type = types.get(typeName);
      if (!type) return undefined;
      return type.own.get(fieldName) ?? (fieldName.startsWith('__') ? undefined : type.annotation);
    },
    typeAnnotation: (typeName: string) => types.get(typeName)?.annotation,
    fields: () => entries,
    shape: readSchemaShape(document),
  });
}
