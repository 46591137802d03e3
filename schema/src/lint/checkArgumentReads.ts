import type { PiiIndex } from '@confero/directives';
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** An argument or input field that looks like it compares records with a `@pii` field, and does not say which it reads. */
export interface UndeclaredRead {
  /** `Type.field(argument:)` or `Input.field`. */
  at: string;
  /** The field it looks like it reads, as the `@piiReads(fields:)` it should declare. */
  looksLike: string[];
  /** The field whose argument it is (`Type.field`). */
  via: string;
}

/** The record type a field returns: its named type, or the item type of a connection (`nodes`). */
function recordType(schema: GraphQLSchema, typeName: string): GraphQLObjectType | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return undefined;
  const nodes = type.getFields().nodes;
  const item = nodes && getNamedType(nodes.type);
  return isObjectType(item) ? item : type;
}

const singular = (name: string) => name.toLowerCase().replace(/(ids|id|s)$/, '');

/**
 * The `@pii` field of `record` (or of an object one level below it) whose name matches `name`,
 * as the coordinates a read of it must name: `region` on Shopper → Shopper.address,
 * PostalAddress.region.
 */
function personalMatch(index: PiiIndex, record: GraphQLObjectType, name: string): string[] | undefined {
  const wanted = singular(name);
  if (wanted === '') return undefined;
  const fields = Object.values(record.getFields());
  // A field of the record itself by that name is what the argument compares with.
  const direct = fields.find((field) => singular(field.name) === wanted);
  if (direct) return index.fieldAnnotation(record.name, direct.name) ? [`${record.name}.${direct.name}`] : undefined;
  for (const field of fields) {
    const below = getNamedType(field.type);
    if (!isObjectType(below) || below === record) continue;
    const parent = index.fieldAnnotation(record.name, field.name) ? [`${record.name}.${field.name}`] : [];
    for (const inner of Object.values(below.getFields())) {
      if (singular(inner.name) !== wanted) continue;
      if (index.fieldAnnotation(below.name, inner.name)) return [...parent, `${below.name}.${inner.name}`];
      if (parent.length > 0) return parent;
    }
  }
  return undefined;
}

/**
 * Arguments and input fields that look like they filter, sort or search records by a `@pii`
 * field — their name matches a `@pii` field of the records the field returns (or of an object
 * one level below) — without saying so: neither `@piiReads(fields:)` nor `@notPersonal(reason:)`.
 * Mutation fields are left out: their inputs are values to write, which the write guard decides.
 */
export function checkArgumentReads(schema: GraphQLSchema, index: PiiIndex, notPersonal: ReadonlySet<string>): UndeclaredRead[] {
  const found: UndeclaredRead[] = [];
  const seen = new Set<string>();
  const visitInput = (type: GraphQLInputType, record: GraphQLObjectType, via: string, depth: number) => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return visitInput(nullable.ofType, record, via, depth);
    if (!isInputObjectType(nullable) || depth > 8) return;
    for (const field of Object.values(nullable.getFields())) {
      const at = `${nullable.name}.${field.name}`;
      const key = `${at}<${record.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!index.inputFieldReads(nullable.name, field.name) && !notPersonal.has(at)) {
        const looksLike = personalMatch(index, record, field.name);
        if (looksLike) found.push({ at, looksLike, via });
      }
      visitInput(field.type, record, via, depth + 1);
    }
  };
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    // A mutation's inputs are values to write (the write guard decides them), not record choices.
    if (!isObjectType(type) || type.name.startsWith('__') || type === mutation) continue;
    for (const field of Object.values(type.getFields())) {
      const record = recordType(schema, getNamedType(field.type).name);
      if (!record) continue;
      const via = `${type.name}.${field.name}`;
      for (const arg of field.args) {
        const at = `${via}(${arg.name}:)`;
        if (!index.argumentReads(type.name, field.name, arg.name) && !notPersonal.has(at)) {
          const looksLike = personalMatch(index, record, arg.name);
          if (looksLike) found.push({ at, looksLike, via });
        }
        visitInput(arg.type, record, via, 0);
      }
    }
  }
  return found;
}
