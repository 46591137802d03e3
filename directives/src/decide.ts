import { collectedUnder } from './collectedUnder.ts';
import type { CompiledFieldRule, CompiledGrant, CompiledPolicy, CompiledPolicyVersion, CompiledRole } from './compilePolicy.ts';
import { makeDecision, mostRestrictive, type Decision } from './decision.ts';
import type { PiiAnnotation } from './types.ts';

/** What `decide` needs to know about one field access. */
export interface DecideInput {
  /** The caller's role (unknown roles are denied). */
  role: string;
  /** The stated purpose; null or an unknown purpose is denied. */
  purpose: string | null | undefined;
  /** The field's effective `@pii` (own, or inherited from its object type). */
  annotation: PiiAnnotation;
  /** The field's schema coordinate, `Type.field`, for per-field overrides. */
  coordinate: string;
  /**
   * The record the field belongs to, when known (subgraph side). Without it, a conditional
   * rule yields a decision that carries `condition`; with it, the record's consent decides,
   * and the policy version it was collected under (`policyVersion`) is applied too.
   */
  record?: unknown;
}

const UNKNOWN_ROLE = makeDecision('deny', 'UNKNOWN_ROLE', 'roles');
const PURPOSE_LIMITATION = makeDecision('deny', 'PURPOSE_LIMITATION', '@pii(purpose)');
const MALFORMED = makeDecision('deny', 'CATEGORY_NOT_GRANTED', '@pii(category)');
const CONSENT_MISSING = makeDecision('deny', 'CONSENT_REQUIRED', '@pii(consent)');
const VERSION_UNKNOWN = makeDecision('deny', 'POLICY_VERSION_UNKNOWN', 'previousVersions');
/** An earlier version where the role is not closed-world: its untagged fields were not personal. */
const ALLOW_UNTAGGED = makeDecision('allow', 'NOT_PERSONAL', 'untagged');

function hasConsent(record: unknown, flag: string): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const consents = (record as { consents?: unknown }).consents;
  if (typeof consents !== 'object' || consents === null) return false;
  return Object.hasOwn(consents, flag) && (consents as Record<string, unknown>)[flag] === true;
}

/**
 * Decides what one caller may see of one `@pii` field. Pure: no I/O, no schema walking; it
 * returns one of the policy's precomputed, frozen decisions and allocates nothing.
 *
 * Deny by default, in this order: unknown role; no or unknown purpose; purpose not granted to
 * the role; purpose not among the field's `@pii(purpose:)`; then the grant's per-field
 * override; then, for a sensitive field, `sensitive[category]` (never `categories`); else
 * `categories[category]`. A missing entry at any step denies. A closed-world role gets a field
 * only through a per-field override: nothing falls through to its categories.
 *
 * A record collected under an earlier version (`record.policyVersion`) is decided under that
 * version as well, and the more restrictive decision wins ("We will use information in
 * accordance with the privacy policy under which the information was collected"); a version
 * the policy does not keep denies. Without a record, or for a record that keeps no version,
 * the current version decides alone.
 */
export function decide(policy: CompiledPolicy, input: DecideInput): Decision {
  return underRecordVersions(policy, input, decideUnderVersion);
}

/**
 * Decides under the current version and, for a record collected under an earlier one, under
 * that one too: the more restrictive decision wins; a version the policy does not keep denies.
 */
function underRecordVersions<I extends { record?: unknown }>(policy: CompiledPolicy, input: I, decideIn: (version: CompiledPolicyVersion, input: I) => Decision): Decision {
  const now = decideIn(policy, input);
  const version = collectedUnder(input.record);
  if (version === undefined || version === policy.version || now.effect === 'deny') return now;
  const then = policy.previousVersions.get(version);
  return then === undefined ? VERSION_UNKNOWN : mostRestrictive(now, decideIn(then, input));
}

/** A per-field override's decision; the record, when given, decides a consent condition. */
function fieldRuleDecision(field: CompiledFieldRule, record: unknown): Decision {
  if (field.consent === undefined || record === undefined) return field.decision;
  return (hasConsent(record, field.consent) ? field.consentGiven : field.consentRequired) ?? CONSENT_MISSING;
}

/** What `decideUntagged` needs to know about one access to a field without `@pii`. */
export interface DecideUntaggedInput {
  role: string;
  purpose: string | null | undefined;
  /** The field's schema coordinate, `Type.field`. */
  coordinate: string;
  /** The field is one of its type's key fields (they join entities; never withheld for that). */
  isKey: boolean;
  /** The record the field belongs to, when known (subgraph side): its consent and policy version count. */
  record?: unknown;
}

/**
 * Decides a field without `@pii`. Undefined — not personal, nothing to decide — except for a
 * closed-world role, which gets only what its grant names: a key field passes; a named field
 * gets its rule's decision; anything else is denied (`CLOSED_WORLD`), as is everything when
 * no granted purpose is stated. Records collected under an earlier version are decided under it
 * too, as in `decide`.
 */
export function decideUntagged(policy: CompiledPolicy, input: DecideUntaggedInput): Decision | undefined {
  if (input.isKey || !policy.isClosedWorld(input.role)) return undefined;
  return underRecordVersions(policy, input, untaggedUnderVersion);
}

function untaggedUnderVersion(policy: CompiledPolicyVersion, input: DecideUntaggedInput): Decision {
  const role = policy.roles.get(input.role);
  if (role === undefined) return UNKNOWN_ROLE;
  const grant = grantFor(policy, role, input.purpose);
  if (!isGrant(grant)) return grant;
  const field = grant.fields.get(input.coordinate);
  if (field !== undefined) return fieldRuleDecision(field, input.record);
  return role.closedWorld ? role.notNamed : ALLOW_UNTAGGED;
}

/** The role's grant for `purpose`, or the decision that denies before any grant does (no allocation). */
function grantFor(policy: CompiledPolicyVersion, role: CompiledRole, purpose: string | null | undefined): CompiledGrant | Decision {
  if (purpose == null || !policy.purposes.has(purpose)) return role.noPurpose;
  return role.grantFor.get(purpose) ?? role.purposeNotGranted;
}

function isGrant(found: CompiledGrant | Decision): found is CompiledGrant {
  return 'fields' in found;
}

/** The grant's category (or, for a sensitive field, sensitive) entry; a closed-world role gets nothing by category. */
function categoryEntry(role: CompiledRole, grant: CompiledGrant, annotation: Pick<PiiAnnotation, 'category' | 'sensitive'>): Decision {
  if (role.closedWorld) return role.notNamed;
  // Anything but an explicit `sensitive: false` is treated as sensitive.
  if (annotation.sensitive !== false) return grant.sensitive.get(annotation.category) ?? MALFORMED;
  return grant.categories.get(annotation.category) ?? MALFORMED;
}

/** `decide` under one version of the policy alone (the record still decides consent). */
export function decideUnderVersion(policy: CompiledPolicyVersion, input: DecideInput): Decision {
  const role = policy.roles.get(input.role);
  if (role === undefined) return UNKNOWN_ROLE;
  const grant = grantFor(policy, role, input.purpose);
  if (!isGrant(grant)) return grant;
  const { annotation } = input;
  const limited = annotation.purposes;
  if (limited !== undefined && !(limited as readonly string[]).includes(input.purpose!)) return PURPOSE_LIMITATION;

  const field = grant.fields.get(input.coordinate);
  if (field !== undefined) return fieldRuleDecision(field, input.record);
  return categoryEntry(role, grant, annotation);
}

/** What `decideCategory` needs: a role, a purpose, and the kind of field (no coordinate, no record). */
export interface DecideCategoryInput {
  role: string;
  purpose: string | null | undefined;
  category: string;
  /** Decided by the grant's `sensitive` entries when true (anything but `false` counts as true). */
  sensitive: boolean;
}

/**
 * What the current version gives a field of `category` that no per-field rule names and whose
 * `@pii` lists no purposes: the grant's category (or sensitive) entry, after the same checks of
 * role and purpose as `decide`. For views of the policy as a whole (the `/privacy` grid, the
 * README's matrix); enforcement decides fields with `decide`.
 */
export function decideCategory(policy: CompiledPolicy, input: DecideCategoryInput): Decision {
  const role = policy.roles.get(input.role);
  if (role === undefined) return UNKNOWN_ROLE;
  const grant = grantFor(policy, role, input.purpose);
  return isGrant(grant) ? categoryEntry(role, grant, input) : grant;
}
