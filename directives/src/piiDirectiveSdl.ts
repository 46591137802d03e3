/**
 * The `@pii` directive, its enums, and the `@link` / `@composeDirective` header that a
 * Federation 2 subgraph puts in its SDL so that `@pii` survives composition.
 */

/** The privacy policy's categories of personal information (also the CCPA categories). */
export const PII_CATEGORIES = [
  'IDENTIFIERS',
  'PERSONAL_INFORMATION',
  'PROTECTED_CLASSIFICATIONS',
  'INTERNET_ACTIVITY',
  'GEOLOCATION',
  'SENSORY',
  'PROFESSIONAL',
] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/** The business purposes the privacy policy names; a caller states one per request. */
export const PURPOSES = [
  'OPPORTUNITY_MATCHING',
  'SHOPPER_COMMUNICATION',
  'CLIENT_REPORTING',
  'VERIFICATION',
  'RECORD_KEEPING',
  'AUDITING',
  'SECURITY',
  'DEBUGGING',
  'TRANSIENT_USE',
  'SERVICES',
  'INTERNAL_RESEARCH',
  'QUALITY_SAFETY',
  'LEGAL_COMPLIANCE',
  'MERGER_EVALUATION',
  'PARTNER_REFERRAL',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The spec URL that subgraphs `@link` to import `@pii`; composition keeps it in the supergraph. */
export const PII_SPEC_URL = 'https://confero.dev/pii/v1.0';

/** The federation version every subgraph links to. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.7';

/** The directives of the `@pii` spec, as a subgraph imports them. */
export const PII_SPEC_DIRECTIVES = ['@pii', '@piiReads', '@notPersonal'] as const;

/**
 * Definition of `@pii`, its companions and its enums, to be included in every subgraph's type defs.
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
export const PII_DIRECTIVE_SDL = /* GraphQL */ `
directive @pii(category: PiiCategory!, purpose: [Purpose!], sensitive: Boolean = false, lowCardinality: Boolean = false) on FIELD_DEFINITION | OBJECT
directive @piiReads(fields: [String!]!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | FIELD_DEFINITION
directive @notPersonal(reason: String!) on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

enum PiiCategory {
${PII_CATEGORIES.map((c) => `  ${c}`).join('\n')}
}

enum Purpose {
${PURPOSES.map((p) => `  ${p}`).join('\n')}
}
`;

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
