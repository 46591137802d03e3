import { makeDecision, type Decision } from './decision.ts';
import type { PolicyInvariants } from './invariants/invariantsSchema.ts';
import { policyPath } from './policyPath.ts';
import { parseDecisionString, type PolicyDocument, type PolicyFieldRule, type PolicyGrantDocument, type PolicyRoleDocument } from './policySchema.ts';
import { policyVersionsOf } from './policyVersionsOf.ts';
import { BUILT_IN_SCOPES } from './types.ts';

/** A per-field override, with every decision it can lead to prepared. */
export interface CompiledFieldRule {
  readonly coordinate: string;
  /** Path of the entry in the policy document. */
  readonly rule: string;
  /** The decision without a record (carries `condition` when the rule is conditional). */
  readonly decision: Decision;
  /** The consent flag a conditional rule needs on the record. */
  readonly consent?: string;
  /** Conditional rules: the decision when the record's consent is true. */
  readonly consentGiven?: Decision;
  /** Conditional rules: the decision when it is not. */
  readonly consentRequired?: Decision;
}

/** One grant, with lookup maps prepared for every category (rule or not-granted decision). */
export interface CompiledGrant {
  readonly rule: string;
  readonly purposes: readonly string[];
  readonly fields: ReadonlyMap<string, CompiledFieldRule>;
  /** For every category of the policy: the `categories[c]` decision, or a CATEGORY_NOT_GRANTED deny. */
  readonly categories: ReadonlyMap<string, Decision>;
  /** For every category of the policy: the `sensitive[c]` decision, or a SENSITIVE_NOT_GRANTED deny. */
  readonly sensitive: ReadonlyMap<string, Decision>;
}

export interface CompiledRole {
  readonly name: string;
  readonly description?: string;
  /** Its record scope: `all`, `none`, or one the policy's `scopes` declares. */
  readonly scope: string;
  /** Only the fields its grants name (and key fields) reach the role, tagged or not. */
  readonly closedWorld: boolean;
  /** The purposes the role may state, in policy order. */
  readonly purposes: readonly string[];
  readonly grants: readonly CompiledGrant[];
  /** The grant for each purpose the role may state. */
  readonly grantFor: ReadonlyMap<string, CompiledGrant>;
  readonly noPurpose: Decision;
  readonly purposeNotGranted: Decision;
  /** Closed-world roles: the decision for a field the grant does not name. */
  readonly notNamed: Decision;
}

/** A category or purpose the policy declares. */
export interface VocabularyEntry {
  readonly description: string;
  /** A short name for tables; the name itself when the policy gives none. */
  readonly label: string;
}

/** A record scope: built in (`all`, `none`) or declared by the policy. */
export interface ScopeEntry {
  readonly description: string;
  /** The token claim that names the caller's own records, if the scope needs one. */
  readonly claim?: string;
  readonly builtIn: boolean;
}

/** One version of the policy: its roles, prepared for `decide`, and the vocabulary (the current version's, shared by every version). */
export interface CompiledPolicyVersion {
  readonly version: string;
  readonly description?: string;
  readonly roles: ReadonlyMap<string, CompiledRole>;
  /** The categories the policy declares, in policy order. */
  readonly categories: ReadonlyMap<string, VocabularyEntry>;
  /** The purposes the policy declares, in policy order. */
  readonly purposes: ReadonlyMap<string, VocabularyEntry>;
}

/** A validated policy prepared for the hot path. Produced by `loadPolicy`. */
export interface CompiledPolicy extends CompiledPolicyVersion {
  /**
   * The earlier versions the policy keeps, by version. A record collected under one of them
   * (its `policyVersion`) is decided under that version and the current one; the most
   * restrictive decision wins.
   */
  readonly previousVersions: ReadonlyMap<string, CompiledPolicyVersion>;
  /** True when the policy has an entry for `role`. */
  hasRole(role: string): boolean;
  /** The purposes `role` may state; empty for a role the policy does not know. */
  purposesOf(role: string): readonly string[];
  /** The record scope of `role`; `'none'` for a role the policy does not know. */
  scopeOf(role: string): string;
  /** The token claim `role`'s record scope needs (`scopes.<scope>.claim`), if any. */
  identityClaimOf(role: string): string | undefined;
  /** True when `role` is closed-world (gets only the fields its grants name). */
  isClosedWorld(role: string): boolean;
  /** The record scopes: `all` and `none`, then those the policy declares. */
  readonly scopes: ReadonlyMap<string, ScopeEntry>;
  /** Every token claim a scope names (what a caller's identity may carry beyond `sub` and `role`). */
  readonly claims: readonly string[];
  /** The deployment's invariants (guard rails) the policy was checked against; `source` is their file, if any. */
  readonly invariants: PolicyInvariants;
  /** The validated document the policy was compiled from. */
  readonly document: PolicyDocument;
}

const NO_PURPOSES: readonly string[] = Object.freeze([]);

function compileFieldRule(coordinate: string, entry: PolicyFieldRule, path: string): CompiledFieldRule {
  const spelled = typeof entry === 'string' ? entry : entry.decision;
  const parsed = parseDecisionString(spelled);
  // The schema has validated the spelling; an unparsable one would be a bug, and denies.
  const effect = parsed ?? { effect: 'deny' as const };
  const strategy = effect.effect === 'mask' ? effect.strategy : undefined;
  const consent = typeof entry === 'string' ? undefined : entry.when?.consent;
  if (consent === undefined || effect.effect === 'deny') {
    return Object.freeze({ coordinate, rule: path, decision: makeDecision(effect.effect, 'FIELD_RULE', path, strategy) });
  }
  return Object.freeze({
    coordinate,
    rule: path,
    consent,
    decision: makeDecision(effect.effect, 'FIELD_RULE', path, strategy, { consent }),
    consentGiven: makeDecision(effect.effect, 'CONSENT_GIVEN', path, strategy),
    consentRequired: makeDecision('deny', 'CONSENT_REQUIRED', path),
  });
}

function compileCategories(
  categories: Iterable<string>,
  entries: Record<string, string> | undefined,
  at: readonly PropertyKey[],
  granted: 'CATEGORY_RULE' | 'SENSITIVE_RULE',
  missing: 'CATEGORY_NOT_GRANTED' | 'SENSITIVE_NOT_GRANTED',
): Map<string, Decision> {
  const map = new Map<string, Decision>();
  for (const category of categories) {
    const rule = policyPath([...at, category]);
    const spelled = entries?.[category];
    const parsed = spelled === undefined ? undefined : parseDecisionString(spelled);
    if (!parsed) map.set(category, makeDecision('deny', missing, rule));
    else map.set(category, makeDecision(parsed.effect, granted, rule, parsed.effect === 'mask' ? parsed.strategy : undefined));
  }
  return map;
}

function compileGrant(categories: readonly string[], grant: PolicyGrantDocument, at: readonly PropertyKey[]): CompiledGrant {
  const path = policyPath(at);
  const fields = new Map<string, CompiledFieldRule>();
  for (const [coordinate, entry] of Object.entries(grant.fields ?? {})) {
    fields.set(coordinate, compileFieldRule(coordinate, entry, policyPath([...at, 'fields', coordinate])));
  }
  return Object.freeze({
    rule: path,
    purposes: Object.freeze([...grant.purposes]),
    fields,
    categories: compileCategories(categories, grant.categories, [...at, 'categories'], 'CATEGORY_RULE', 'CATEGORY_NOT_GRANTED'),
    sensitive: compileCategories(categories, grant.sensitive, [...at, 'sensitive'], 'SENSITIVE_RULE', 'SENSITIVE_NOT_GRANTED'),
  });
}

/** The vocabulary entries of a policy section, in policy order. */
function vocabularyOf(section: Record<string, { description: string; label?: string }>): ReadonlyMap<string, VocabularyEntry> {
  return new Map(Object.entries(section).map(([name, entry]) => [name, Object.freeze({ description: entry.description, label: entry.label ?? name })]));
}

/**
 * Prepares a validated policy document for `decide`: every decision a rule can produce is
 * built once here, so deciding is a handful of map lookups and allocates nothing.
 * The document must have passed `policyDocumentSchema` and the checks in `loadPolicy`.
 */
export function compilePolicy(document: PolicyDocument, invariants: PolicyInvariants = NO_INVARIANTS): CompiledPolicy {
  const categories = vocabularyOf(document.categories);
  const purposes = vocabularyOf(document.purposes);
  const scopes = new Map<string, ScopeEntry>([
    ...Object.entries(BUILT_IN_SCOPES).map(([name, description]): [string, ScopeEntry] => [name, Object.freeze({ description, builtIn: true })]),
    ...Object.entries(document.scopes ?? {}).map(([name, s]): [string, ScopeEntry] => [name, Object.freeze({ description: s.description, ...(s.claim ? { claim: s.claim } : {}), builtIn: false })]),
  ]);
  const categoryNames = [...categories.keys()];
  const [current, ...earlier] = policyVersionsOf(document);
  const roles = compileRoles(categoryNames, current!.roles, current!.at);
  const previousVersions = new Map<string, CompiledPolicyVersion>(
    earlier.map((v) => [v.version, Object.freeze({ version: v.version, description: v.description, roles: compileRoles(categoryNames, v.roles, v.at), categories, purposes })]),
  );
  const scopeOf = (role: string): string => roles.get(role)?.scope ?? 'none';
  return Object.freeze({
    version: document.version,
    description: document.description,
    roles,
    categories,
    purposes,
    scopes,
    claims: Object.freeze([...new Set([...scopes.values()].flatMap((s) => (s.claim ? [s.claim] : [])))]),
    previousVersions,
    hasRole: (role: string) => roles.has(role),
    purposesOf: (role: string) => roles.get(role)?.purposes ?? NO_PURPOSES,
    scopeOf,
    identityClaimOf: (role: string) => scopes.get(scopeOf(role))?.claim,
    isClosedWorld: (role: string) => roles.get(role)?.closedWorld === true,
    invariants,
    document,
  });
}

const NO_INVARIANTS: PolicyInvariants = Object.freeze({ list: Object.freeze([]) });

/** The roles of one version, whose entries live under `at` in the document. */
function compileRoles(categories: readonly string[], entries: Readonly<Record<string, PolicyRoleDocument>>, at: readonly PropertyKey[]): Map<string, CompiledRole> {
  const roles = new Map<string, CompiledRole>();
  for (const [name, role] of Object.entries(entries)) {
    const purposesPath = policyPath([...at, 'roles', name, 'grants']) + '[].purposes';
    const grants = role.grants.map((grant, index) => compileGrant(categories, grant, [...at, 'roles', name, 'grants', index]));
    const grantFor = new Map<string, CompiledGrant>();
    for (const grant of grants) {
      for (const purpose of grant.purposes) if (!grantFor.has(purpose)) grantFor.set(purpose, grant);
    }
    roles.set(
      name,
      Object.freeze({
        name,
        description: role.description,
        scope: role.scope,
        closedWorld: role.closedWorld === true,
        purposes: Object.freeze([...grantFor.keys()]),
        grants: Object.freeze(grants),
        grantFor,
        noPurpose: makeDecision('deny', 'NO_PURPOSE', purposesPath),
        purposeNotGranted: makeDecision('deny', 'PURPOSE_NOT_GRANTED', purposesPath),
        notNamed: makeDecision('deny', 'CLOSED_WORLD', policyPath([...at, 'roles', name, 'closedWorld'])),
      }),
    );
  }
  return roles;
}
