import { PII_SPEC_URL } from '@confero/directives';
import {
  Kind,
  TokenKind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
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
  /** `# pii-lint: not-personal <reason>` comments, by the coordinate of the field below them. */
  notPersonal: Map<string, string>;
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
  };
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
    const typePii = (def.directives ?? []).find((d) => d.name.value === directive);
    if (typePii) {
      facts.typeLevel.add(typeName);
      facts.applications.push({ coordinate: typeName, typeLevel: true, args: argsOf(typePii) });
    }
    for (const field of def.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      facts.fields.add(coordinate);
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
    }
  }
  return facts;
}

function printType(type: FieldDefinitionNode['type']): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${printType(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${printType(type.type)}]`;
  return type.name.value;
}
