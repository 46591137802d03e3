import { keyFieldNames, PII_SPEC_URL, piiSpecNames } from '@confero/directives';
import {
  Kind,
  TokenKind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DirectiveDefinitionNode,
  type DocumentNode,
  type InputValueDefinitionNode,
  type FieldDefinitionNode,
  type Token,
} from 'graphql';

/** One `@pii` application in a subgraph's SDL, with its arguments as written. */
export interface PiiApplication {
  /** `Type.field`, or `Type` for a type-level application. */
  coordinate: string;
  typeLevel: boolean;
  args: Record<string, unknown>;
}

/** What the lint needs to know about one subgraph's SDL. */
export interface SubgraphPiiFacts {
  name: string;
  applications: PiiApplication[];
  /** Coordinates of fields carrying their own `@pii`. */
  ownFields: Set<string>;
  /** Object and interface types carrying a type-level `@pii`. */
  typeLevel: Set<string>;
  /** Fields with a `@pii` (own or the type's) whose type is non-null, with where the `@pii` stands. */
  nonNull: Array<{ coordinate: string; type: string; inherited: boolean }>;
  /** Whether the schema asks composition to keep `@pii` (`@composeDirective(name: "@pii")`). */
  composesPii: boolean;
  /** Every `Type.field` the subgraph declares. */
  fields: Set<string>;
  /** `@notPersonal(reason:)` (or `# pii-lint: not-personal <reason>` comments), by the coordinate of the field. */
  notPersonal: Map<string, string>;
  /** `@notPersonal(reason:)` on arguments (`Type.field(arg:)`) and input fields (`Input.field`). */
  notPersonalInputs: Map<string, string>;
  /** Fields the subgraph marks `@external` (defined by another subgraph). */
  external: Set<string>;
  /** Key fields (`@key(fields:)`, top level) by type. */
  keys: Map<string, Set<string>>;
  /** The named type each field returns, by coordinate. */
  fieldTypes: Map<string, string>;
  /**
   * The enums the subgraph's `@pii` definition types its `category` and `purpose` with, and
   * their values (undefined when the SDL does not define `@pii`, or types an argument otherwise).
   */
  vocabulary: { category?: { enum: string; values: string[] }; purpose?: { enum: string; values: string[] } };
}

/** The named type of an argument's type (`[Purpose!]` → `Purpose`). */
function argumentTypeName(type: InputValueDefinitionNode['type']): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : argumentTypeName(type.type);
}

/** The enums `@pii(category:, purpose:)` is typed with in this SDL, with their values. */
function vocabularyOf(document: DocumentNode, directive: string): SubgraphPiiFacts['vocabulary'] {
  const definition = document.definitions.find((d): d is DirectiveDefinitionNode => d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === directive);
  const enumValues = (name: string): string[] | undefined => {
    const defs = document.definitions.filter((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION || d.kind === Kind.ENUM_TYPE_EXTENSION) && d.name.value === name);
    if (defs.length === 0) return undefined;
    return defs.flatMap((d) => ('values' in d ? (d.values ?? []).map((v) => v.name.value) : []));
  };
  const vocabulary: SubgraphPiiFacts['vocabulary'] = {};
  for (const arg of ['category', 'purpose'] as const) {
    const input = definition?.arguments?.find((a) => a.name.value === arg);
    if (!input) continue;
    const name = argumentTypeName(input.type);
    const values = enumValues(name);
    if (values) vocabulary[arg] = { enum: name, values };
  }
  return vocabulary;
}

const PII_SPEC_PREFIX = PII_SPEC_URL.replace(/\/v[^/]*$/, '/');
const OPT_OUT = /^\s*pii-lint:\s*not-personal\b[\s:—–-]*(.*)$/;

function argsOf(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/** The name `@pii` goes by in this SDL (imported under another name via `@link`, or `pii`). */
function piiName(document: DocumentNode): string {
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      const args = argsOf(link);
      if (link.name.value !== 'link' || typeof args.url !== 'string' || !args.url.startsWith(PII_SPEC_PREFIX)) continue;
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        const { name, as } = (typeof entry === 'string' ? { name: entry } : (entry ?? {})) as { name?: unknown; as?: unknown };
        if (name === '@pii') return typeof as === 'string' ? as.replace(/^@/, '') : 'pii';
      }
      return `${typeof args.as === 'string' ? args.as : 'pii'}__pii`;
    }
  }
  return 'pii';
}

function composesPii(document: DocumentNode, name: string): boolean {
  return document.definitions.some(
    (def) =>
      (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) &&
      (def.directives ?? []).some(
        (d) => (d.name.value === 'composeDirective' || d.name.value === 'federation__composeDirective') && argsOf(d).name === `@${name}`,
      ),
  );
}

/**
 * The comments on the lines directly above a field definition (before its description), and
 * one at the end of its own line. A comment that ends the line of the previous definition is
 * not the field's.
 */
function commentsOf(field: FieldDefinitionNode): string[] {
  const comments: string[] = [];
  let token: Token | null | undefined = field.loc?.startToken.prev;
  while (token && token.kind === TokenKind.COMMENT) {
    const before: Token | null = token.prev;
    if (before && before.kind !== TokenKind.COMMENT && before.kind !== TokenKind.SOF && before.line === token.line) break;
    comments.unshift(token.value);
    token = before;
  }
  const end = field.loc?.endToken;
  if (end?.next && end.next.kind === TokenKind.COMMENT && end.next.line === end.line) comments.push(end.next.value);
  return comments;
}

/** Reads the `@pii` applications, non-null `@pii` fields and opt-out comments of one subgraph SDL. */
export function readSubgraphPii(name: string, document: DocumentNode): SubgraphPiiFacts {
  const directive = piiName(document);
  const facts: SubgraphPiiFacts = {
    name,
    applications: [],
    ownFields: new Set(),
    typeLevel: new Set(),
    nonNull: [],
    composesPii: composesPii(document, directive),
    fields: new Set(),
    notPersonal: new Map(),
    notPersonalInputs: new Map(),
    external: new Set(),
    keys: new Map(),
    fieldTypes: new Map(),
    vocabulary: vocabularyOf(document, directive),
  };
  const names = piiSpecNames(document);
  const notPersonalOf = (directives: readonly ConstDirectiveNode[] | undefined) => {
    const found = (directives ?? []).find((d) => d.name.value === names.notPersonal);
    return found ? String(argsOf(found).reason ?? '') : undefined;
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const field of def.fields ?? []) {
        const reason = notPersonalOf(field.directives);
        if (reason !== undefined) facts.notPersonalInputs.set(`${def.name.value}.${field.name.value}`, reason);
      }
      continue;
    }
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = def.name.value;
    for (const key of def.directives ?? []) {
      if (key.name.value !== 'key' && key.name.value !== 'federation__key') continue;
      const fieldSet = argsOf(key).fields;
      const set = facts.keys.get(typeName) ?? new Set<string>();
      if (typeof fieldSet === 'string') for (const name of keyFieldNames(fieldSet)) set.add(name);
      facts.keys.set(typeName, set);
    }
    const typePii = (def.directives ?? []).find((d) => d.name.value === directive);
    if (typePii) {
      facts.typeLevel.add(typeName);
      facts.applications.push({ coordinate: typeName, typeLevel: true, args: argsOf(typePii) });
    }
    for (const field of def.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      facts.fields.add(coordinate);
      facts.fieldTypes.set(coordinate, namedType(field.type));
      const own = (field.directives ?? []).find((d) => d.name.value === directive);
      if (own) {
        facts.ownFields.add(coordinate);
        facts.applications.push({ coordinate, typeLevel: false, args: argsOf(own) });
      }
      if ((own || typePii) && field.type.kind === Kind.NON_NULL_TYPE) {
        facts.nonNull.push({ coordinate, type: printType(field.type), inherited: !own });
      }
      for (const comment of commentsOf(field)) {
        const match = OPT_OUT.exec(comment);
        if (match) facts.notPersonal.set(coordinate, match[1]!.trim());
      }
      const reason = notPersonalOf(field.directives);
      if (reason !== undefined) facts.notPersonal.set(coordinate, reason.trim());
      if ((field.directives ?? []).some((d) => d.name.value === 'external' || d.name.value === 'federation__external')) facts.external.add(coordinate);
      for (const arg of field.arguments ?? []) {
        const argReason = notPersonalOf(arg.directives);
        if (argReason !== undefined) facts.notPersonalInputs.set(`${coordinate}(${arg.name.value}:)`, argReason);
      }
    }
  }
  return facts;
}

function namedType(type: FieldDefinitionNode['type']): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function printType(type: FieldDefinitionNode['type']): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${printType(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${printType(type.type)}]`;
  return type.name.value;
}
