/** The rules of the schema lint (see `lintSchema`). */
export const LINT_RULES = {
  composition: 'The subgraphs do not compose into a supergraph.',
  'pii-missing': 'A field whose name or type looks personal has no @pii (own, type-level, or on a field above it).',
  'pii-non-null': '@pii stands on a non-null field: a withheld value cannot come back as null.',
  'pii-unknown-purpose': "@pii(purpose:) names a purpose the policy does not know.",
  'pii-purpose-never-granted': '@pii(purpose:) names a purpose no role of the policy is granted.',
  'pii-unknown-category': '@pii(category:) names a category the policy does not know.',
  'pii-vocabulary-mismatch': "A subgraph's @pii enums (PiiCategory, Purpose) do not hold exactly the policy's categories and purposes (a stale or extended copy).",
  'pii-not-composed': 'A subgraph applies @pii without @composeDirective(name: "@pii"): @pii would vanish from the supergraph.',
  'policy-field-without-pii': 'A per-field rule of the policy names a coordinate that carries no @pii, so it never applies.',
  'policy-guard-rail': "The policy would break a guard rail that needs the schema to check: one of the deployment's invariants (a closedWorld, categoryCeiling or categoryOnly invariant reached through a field rule), or a rule of the mechanism's own (a sensitive field without purposes shown, a hash over a Boolean, enum or low-cardinality field).",
  'not-personal-unknown': 'A not-personal opt-out names a coordinate the schema does not have.',
  'not-personal-without-reason': 'A not-personal opt-out gives no reason.',
  'pii-untagged-field':
    'A field of a type that holds personal data is neither tagged @pii nor declared @notPersonal(reason:) (nor a key field, nor @external): it would reach every caller unaudited, closed-world roles aside.',
  'pii-read-undeclared':
    'An argument or input field looks like it compares records with a @pii field (its name matches one) but declares neither @piiReads(fields:) nor @notPersonal(reason:): the gateway could not decide it, and which records come back would disclose the field.',
  'pii-read-unknown-field': '@piiReads names a field the schema does not have.',
} as const;

export type LintRule = keyof typeof LINT_RULES;

/** One thing the lint found. */
export interface LintProblem {
  /** `Type.field` the problem is about, when it is about one. */
  coordinate?: string;
  /** The subgraph(s) that define it, comma-separated, when known. */
  subgraph?: string;
  rule: LintRule;
  message: string;
}

/** Options of {@link lintSchema}. */
export interface LintSchemaOptions {
  /**
   * Fields that look personal but are not, by coordinate, each with the reason (an opt-out
   * also covers everything below the field). `# pii-lint: not-personal <reason>` on the line
   * above a field in a subgraph's SDL does the same. Default: none.
   */
  notPersonal?: Readonly<Record<string, string>>;
}

export interface LintSchemaResult {
  problems: LintProblem[];
}
