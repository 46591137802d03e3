/**
 * The privacy planner's vocabulary: what it produces (a plan: a pruned document plus a tree that
 * says what to do with the result). What it reads — annotations, decisions, the `@pii` index,
 * read verdicts — is the directives package's own vocabulary.
 */
import type { ArgumentNode, DocumentNode, GraphQLArgument } from 'graphql';
import type { Decision, DecisionEffect, DecisionReason, MaskStrategy, PiiAnnotation, ReadsLookup, ReadVerdict } from '@confero/directives';

/** The decision for one annotated field, already bound to the caller's role and purpose. */
export type DecideField = (annotation: PiiAnnotation, coordinate: string) => Decision;

/** The decision for a field without `@pii` (closed-world roles), bound to the caller; undefined: not personal. */
export type DecideUntagged = (coordinate: string, isKey: boolean) => Decision | undefined;

/** A read of a field (`@piiReads`), decided for the caller: permitted only where it gets the field in full. */
export type ReadDecision = Pick<ReadVerdict, 'coordinate' | 'decision' | 'permitted'>;

/** Decides a read of `coordinate` for the caller (bound to its role and purpose). */
export type DecideRead = (coordinate: string) => ReadDecision;

/** Transforms a masked value (a leaf, or a whole object/list for composite fields). */
export type MaskFn = (value: unknown, strategy: MaskStrategy, coordinate: string) => unknown;

/** One `@include(if:)` (include: true) or `@skip(if:)` (include: false) on the way to a field. */
export interface IncludeCondition {
  readonly include: boolean;
  /** The variable named in `if:`; absent when `if:` is a literal. */
  readonly variable?: string;
  /** The literal `if:` value, or the variable's default value in the operation. */
  readonly value?: boolean;
}

/** One occurrence of a response key in a selection set (fragments flattened). */
export interface PlanOccurrence {
  readonly responseKey: string;
  /** The concrete object types for which this occurrence applies; absent means all. */
  readonly typeCondition?: ReadonlySet<string>;
  /** Every `@include`/`@skip` on the field and its enclosing fragments; absent means none. */
  readonly conditions?: readonly IncludeCondition[];
}

/** A denied field: pruned from the document, put back as `null`. */
export interface WithholdField extends PlanOccurrence {
  readonly action: 'withhold';
  readonly coordinate: string;
  readonly category: string;
  readonly reason: DecisionReason;
  readonly rule: string;
}

/** A masked field: fetched, then transformed (after its own children were processed). */
export interface MaskField extends PlanOccurrence {
  readonly action: 'mask';
  readonly coordinate: string;
  readonly category: string;
  readonly strategy: MaskStrategy;
  readonly rule: string;
  readonly children?: PlanNode;
}

/**
 * A field with nothing to do itself but something to do below it; or a passive occurrence
 * (nothing to do anywhere below) kept because another occurrence of its response key has an
 * action there: merged with it, its `order` keeps the caller's field order.
 */
export interface DescendField extends PlanOccurrence {
  readonly action: 'descend';
  readonly coordinate: string;
  readonly children: PlanNode;
}

export type PlanField = WithholdField | MaskField | DescendField;

/** All occurrences of one response key in a selection set that have an action. */
export interface PlanKeyGroup {
  readonly responseKey: string;
  readonly fields: readonly PlanField[];
}

/** A returned PII field (its own annotation), tracked so the audit lists only what came back with data. */
export interface ReturnedField extends PlanOccurrence {
  readonly coordinate: string;
  readonly category: string;
}

/** Why every record at a position is a data subject, whatever its fields. */
export interface SubjectTrigger {
  /** The records were returned by a PII field the caller was given (a list of people a PII field chose). */
  readonly pii: boolean;
  /** The records were chosen by these argument sites: subjects when a site's reads were used. */
  readonly sites: readonly number[];
}

/** A field application whose arguments may read fields (`@piiReads`): checked per request, with the variables. */
export interface ArgumentSite {
  /** Index in `plan.argumentSites`. */
  readonly index: number;
  /** Response path of the field (keys, no list indices). */
  readonly path: readonly string[];
  readonly typeName: string;
  readonly fieldName: string;
  /** The arguments as the operation wrote them (literals and variables). */
  readonly arguments: readonly ArgumentNode[];
  readonly definitions: readonly GraphQLArgument[];
  /** The field's `@include`/`@skip` conditions: a site left out of the response reads nothing. */
  readonly conditions?: readonly IncludeCondition[];
}

/** The response-side plan for one selection set (one object position in the result). */
export interface PlanNode {
  /** Response keys with an action (their passive occurrences included, in document order). */
  readonly groups: readonly PlanKeyGroup[];
  /** Response keys with passive occurrences only: walked only when merged with another node's active ones. */
  readonly passiveGroups?: readonly PlanKeyGroup[];
  /** The pruned selection set carries `plan.typenameKey` (type conditions or placeholder): strip it. */
  readonly stripTypename: boolean;
  /** Every field occurrence in document order (to put withheld keys back in the caller's order). */
  readonly order: readonly PlanOccurrence[];
  /** This record (or the record a `via` field leads to) is a data subject when its PII comes back: read its id, for audit. */
  readonly subject?: PlanSubject;
  /** Returned PII fields at this position, for the audit's list of what came back with data. */
  readonly returned?: readonly ReturnedField[];
}

/** Where a subject record's id is read, and what the planner added to fetch it. */
export interface PlanSubject {
  /** Occurrences of returned PII fields: the record counts when one of them is non-null. */
  readonly fields: readonly PlanOccurrence[];
  /**
   * Response-key paths to the id, tried in order: `[key]` on this record, `[via, key]` on the
   * record a `via` field leads to. Either the caller's own selections (`id`, `patient { id }`)
   * or the planner's (`plan.subjectKey`, `plan.subjectViaKey`).
   */
  readonly idPaths: ReadonlyArray<readonly [string] | readonly [string, string]>;
  /** The subject types the ids here may be of (the record's own type, or the type a `via` field leads to), sorted. */
  readonly types: readonly string[];
  /** Response keys the planner added for the id (`plan.subjectKey`, `plan.subjectViaKey`): strip them; empty when the caller's own are read. */
  readonly added: readonly string[];
  /** The record is a subject whenever it comes back (see `SubjectTrigger`), not only through `fields`. */
  readonly always?: SubjectTrigger;
}

/** A withheld field, by response path pattern (response keys, no list indices). */
export interface WithheldFieldSummary {
  readonly path: readonly string[];
  readonly coordinate: string;
  readonly category: string;
  readonly reason: DecisionReason;
  readonly rule: string;
}

export interface MaskedFieldSummary {
  readonly path: readonly string[];
  readonly coordinate: string;
  readonly category: string;
  readonly strategy: MaskStrategy;
  readonly rule: string;
}

/** A PII field and its decision (every annotated field of the operation, for explain and audit). */
export interface FieldDecisionSummary {
  readonly path: readonly string[];
  readonly coordinate: string;
  readonly category: string;
  readonly effect: DecisionEffect;
  readonly strategy?: MaskStrategy;
  readonly reason: DecisionReason;
  readonly rule: string;
  readonly condition?: { readonly consent: string };
}

export interface DeniedFieldRequest {
  readonly path: readonly string[];
  readonly coordinate: string;
  readonly reason: DecisionReason;
  /** The field is non-null in the schema: it cannot come back null, so the operation is refused. */
  readonly nonNull?: true;
}

export type OperationKind = 'query' | 'mutation' | 'subscription';

/** The compiled privacy plan of one (operation, role, purpose). Immutable; cache and share it. */
export interface PrivacyPlan {
  readonly operationName: string | null;
  readonly operationType: OperationKind;
  /** The document to execute: the selected operation, fragments inlined, denied fields removed. */
  readonly document: DocumentNode;
  /** `print(document)`. */
  readonly source: string;
  /** sha256 hex of `source`: hand it to the gateway as `queryHash` (its query-plan cache key). */
  readonly queryHash: string;
  /** Nothing pruned and nothing added: `document` is the input, execute it as it is. */
  readonly unchanged: boolean;
  /** Nothing to mask, restore, strip or collect: skip the apply step (implies `unchanged`). */
  readonly passThrough: boolean;
  /** False when every root field was removed (the document selects only the placeholder). */
  readonly executable: boolean;
  /** Some selected field is PII (whatever the decision). */
  readonly hasPii: boolean;
  /** Some PII can be returned (allowed, masked or consent-conditional). */
  readonly returnsPii: boolean;
  /** Categories that can be returned, sorted. */
  readonly categories: string[];
  /** Coordinates of PII fields that can be returned, sorted. */
  readonly returnedCoordinates: string[];
  /** How many PII field selections (path patterns) are returned as stored (allow or conditional). */
  readonly allowedCount: number;
  readonly fieldDecisions: readonly FieldDecisionSummary[];
  readonly withheld: readonly WithheldFieldSummary[];
  readonly masked: readonly MaskedFieldSummary[];
  /** Denied fields the operation asks for (strict mode rejects the operation when non-empty). */
  readonly deniedRequested: readonly DeniedFieldRequest[];
  /** The response tree for `applyPrivacyPlan`. */
  readonly root: PlanNode;
  /** Response key of the `__typename` the planner adds (type conditions, placeholders). */
  readonly typenameKey: string;
  /** Response key of the record id the planner adds for audit subjects. */
  readonly subjectKey: string;
  /** Response key of the `via` field the planner adds where the subject is another record (`{ subjectKey: id }`). */
  readonly subjectViaKey: string;
  /** Field applications whose arguments may read fields: `checkArguments` decides them with the variables. */
  readonly argumentSites: readonly ArgumentSite[];
  /** The caller's decision on every field an argument site may read. */
  readonly readDecisions: ReadonlyMap<string, ReadDecision>;
  /** Where `@piiReads` are looked up (for `checkArguments`). */
  readonly readsLookup: ReadsLookup;
  /** The operation's variable defaults (raw values), which arguments read like given variables. */
  readonly variableDefaults: Readonly<Record<string, unknown>>;
}

/** What `extensions.privacy` says about one response. Bounded; counts are exact. */
export interface PrivacyExtension {
  withheld: Array<{ path: Array<string | number>; coordinate: string; category: string; reason: string }>;
  masked: Array<{ path: Array<string | number>; coordinate: string; category: string; strategy: MaskStrategy }>;
  withheldCount: number;
  maskedCount: number;
  /** True when a list above was cut at the limit. */
  truncated: boolean;
}
