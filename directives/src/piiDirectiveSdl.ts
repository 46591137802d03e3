/**
 * The `@pii` directive, its enums, and the `@link` / `@composeDirective` header that a
 * Federation 2 subgraph puts in its SDL so that `@pii` survives composition.
 */

/** The spec URL that subgraphs `@link` to import `@pii`; composition keeps it in the supergraph. */
export const PII_SPEC_URL = 'https://confero.dev/pii/v1.0';

/** The federation version every subgraph links to. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.7';

/** The directives of the `@pii` spec, as a subgraph imports them. */
export const PII_SPEC_DIRECTIVES = ['@pii', '@piiReads', '@notPersonal'] as const;

/** The names a deployment's policy declares, from which the `@pii` directive's enums are built. */
export interface PiiVocabulary {
  /** The categories (`PiiCategory`): names, or a map keyed by them (a compiled policy's `categories`). */
  readonly categories: Iterable<string> | ReadonlyMap<string, unknown>;
  /** The purposes (`Purpose`): names, or a map keyed by them (a compiled policy's `purposes`). */
  readonly purposes: Iterable<string> | ReadonlyMap<string, unknown>;
}

const namesOf = (names: Iterable<string> | ReadonlyMap<string, unknown>): string[] =>
  names instanceof Map ? [...(names as ReadonlyMap<string, unknown>).keys()] : [...(names as Iterable<string>)];

/**
 * Definition of `@pii`, its companions and its enums, for a subgraph's type defs. The enums'
 * values are the policy's vocabulary (`piiDirectiveSdl(policy)` with a compiled policy, or
 * `npm run pii-sdl -- --policy FILE` for a subgraph not written in TypeScript): every subgraph of
 * a deployment declares the same enums, so composition keeps them, and a subgraph's own GraphQL
 * validation refuses a category or purpose the policy does not declare.
 * - `@pii` tags a field (or every field of an object type) as personal information.
 * - `@piiReads(fields:)` says which fields an argument or input field compares records with
 *   (a filter, sort or search), or which fields choose the records a field returns; each named
 *   field is decided for the caller like a selection of it, and must be received in full.
 * - `@notPersonal(reason:)` declares an untagged field of a type that holds personal data (or an
 *   argument that looks like it compares records with a `@pii` field) not personal, with the
 *   reason; the schema lint refuses such a field or argument that says neither.
 *
 * `@pii(lowCardinality: true)` declares a field that takes few distinct values (gender, marital
 * status, a bank's name): a hash over it is a label, so the policy check refuses `mask:hash`
 * on it (as on Boolean and enum fields).
 */
export function piiDirectiveSdl(vocabulary: PiiVocabulary): string {
  const enumOf = (name: string, values: string[]) => {
    if (values.length === 0) throw new Error(`piiDirectiveSdl: the vocabulary declares no ${name} values (a GraphQL enum needs at least one)`);
    return `enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}`;
  };
  return /* GraphQL */ `
directive @pii(category: PiiCategory!, purpose: [Purpose!], sensitive: Boolean = false, lowCardinality: Boolean = false) on FIELD_DEFINITION | OBJECT
directive @piiReads(fields: [String!]!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | FIELD_DEFINITION
directive @notPersonal(reason: String!) on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

${enumOf('PiiCategory', namesOf(vocabulary.categories))}

${enumOf('Purpose', namesOf(vocabulary.purposes))}
`;
}

/**
 * The schema header of a subgraph: links federation (importing `federationImports`) and
 * the `@pii` spec, and asks composition to keep its directives in the supergraph.
 */
export function subgraphSchemaHeader(federationImports: readonly string[]): string {
  const imports = [...new Set([...federationImports, '@composeDirective'])].map((d) => `"${d}"`).join(', ');
  return /* GraphQL */ `
extend schema
  @link(url: "${FEDERATION_SPEC_URL}", import: [${imports}])
  @link(url: "${PII_SPEC_URL}", import: [${PII_SPEC_DIRECTIVES.map((d) => `"${d}"`).join(', ')}])
${PII_SPEC_DIRECTIVES.map((d) => `  @composeDirective(name: "${d}")`).join('\n')}
`;
}
