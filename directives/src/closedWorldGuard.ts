import type { CompiledPolicy } from './compilePolicy.ts';
import { decideUntagged } from './decide.ts';

/**
 * Marks values a `@pii` field returned to the caller: the fields below them without `@pii` of
 * their own follow that field's decision (as at the gateway), so a closed-world role that was
 * granted the field gets them too.
 */
export const COVERED_BY_PII: unique symbol = Symbol.for('confero.pii.covered');

/** Marks `value` (an object, or each object of a list) as returned by a `@pii` field the caller was given. */
export function markCovered(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) markCovered(item);
    return;
  }
  if (typeof value !== 'object' || value === null || !Object.isExtensible(value) || Object.hasOwn(value, COVERED_BY_PII)) return;
  Object.defineProperty(value, COVERED_BY_PII, { value: true, enumerable: false, configurable: true });
}

function isCovered(source: unknown): boolean {
  return typeof source === 'object' && source !== null && (source as { [COVERED_BY_PII]?: unknown })[COVERED_BY_PII] === true;
}

/**
 * Whether a closed-world caller may resolve a field without `@pii` on `source`: a key field,
 * a field below a `@pii` field it was given, or one its grant names (decided on the record).
 * Every other caller may: fields without `@pii` are not personal information.
 */
export function closedWorldAllows(
  policy: CompiledPolicy,
  caller: { role: string; purpose: string | null } | undefined,
  coordinate: string,
  isKey: boolean,
  source: unknown,
): boolean {
  if (!caller) return true; // nothing personal is resolved for a request without a caller: @pii fields deny
  if (!policy.isClosedWorld(caller.role) || isCovered(source)) return true;
  const decision = decideUntagged(policy, { role: caller.role, purpose: caller.purpose, coordinate, isKey, record: source ?? undefined });
  return decision === undefined || decision.effect !== 'deny';
}
