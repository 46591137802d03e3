import { createHmac } from 'node:crypto';
import type { MaskStrategy } from './types.ts';

/** Options of {@link maskValue}. */
export interface MaskValueOptions {
  /**
   * Key of the HMAC behind `hash` (required, non-empty): the recipient's key, `pseudonymKey(secret,
   * role, purpose)`, so that pseudonyms are scoped to one (role, purpose). No default.
   */
  hashKey: Uint8Array | string;
  /** The schema coordinate of the value (`Type.field`); `generalize` uses its last segment. No default. */
  coordinate: string;
}

/** Composite values nested deeper than this are cut off as null. */
const MAX_DEPTH = 32;
const EMAIL = /^([^@\s]+)@([^@\s]+)$/;
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LETTER = /\p{L}/u;
const COORDINATE_FIELDS = new Set(['lat', 'lng', 'lon', 'long', 'latitude', 'longitude']);
/** Address parts `generalize` keeps (the address generalised to its city/region). */
const KEPT_ADDRESS_PARTS = new Set(['city', 'region', 'country']);

const fieldName = (coordinate: string) => coordinate.slice(coordinate.lastIndexOf('.') + 1);
const firstChar = (s: string) => String.fromCodePoint(s.codePointAt(0) ?? 0x2a);

/** What stands for the hidden part of a `partial` value: always the same, whatever was hidden. */
const HIDDEN = '***';
/** What stands for the hidden digits of a number-like value. */
const HIDDEN_DIGITS = '****';
/** A number-like value: letters, digits and the separators of phone, card, account and id numbers only. */
const NUMBER_LIKE = /^[\p{L}\d\s\-.()+/#]+$/u;
/** A number-like value shows its last four digits only when it has at least twice as many. */
const SHOWN_DIGITS = 4;

/**
 * A phone, SSN, card, account or id number (letters, digits and separators only, at least half
 * of its letters and digits digits): `****` and its last four digits when it has eight or more,
 * else `****` alone. Length, separators and letters are not kept.
 */
function partialNumber(value: string): string | undefined {
  if (!NUMBER_LIKE.test(value)) return undefined;
  const digits = value.replace(/\D/g, '');
  const letters = value.replace(/[^\p{L}]/gu, '').length;
  if (digits.length === 0 || digits.length < letters) return undefined;
  return `${HIDDEN_DIGITS}${digits.length >= 2 * SHOWN_DIGITS ? digits.slice(-SHOWN_DIGITS) : ''}`;
}

function partial(value: string): string {
  const email = EMAIL.exec(value);
  if (email) return `${firstChar(email[1])}${HIDDEN}@${email[2]}`;
  return partialNumber(value) ?? `${firstChar(value)}${HIDDEN}`;
}

function hash(value: string, key: Uint8Array | string): string {
  return `h_${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16)}`;
}

function initials(value: string): string | null {
  const parts: string[] = [];
  for (const word of value.split(/\s+/)) {
    const letter = LETTER.exec(word);
    if (letter) parts.push(`${letter[0].toUpperCase()}.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

function generalizeString(value: string, coordinate: string): string | null {
  const date = ISO_DATE.exec(value);
  if (date) return date[1];
  if (KEPT_ADDRESS_PARTS.has(fieldName(coordinate))) return value;
  return null;
}

function generalizeNumber(value: number, coordinate: string): number | null {
  if (!Number.isFinite(value)) return null;
  if (COORDINATE_FIELDS.has(fieldName(coordinate))) return Math.round(value * 10) / 10;
  return Number(value.toPrecision(2));
}

function maskString(value: string, strategy: MaskStrategy, key: Uint8Array | string, coordinate: string): string | null {
  let masked: string | null;
  switch (strategy) {
    case 'partial':
      masked = partial(value);
      break;
    case 'hash':
      masked = hash(value, key);
      break;
    case 'initials':
      masked = initials(value);
      break;
    case 'generalize':
      masked = generalizeString(value, coordinate);
      // The one documented exception: an address generalised to its city/region keeps those parts.
      if (masked !== null && KEPT_ADDRESS_PARTS.has(fieldName(coordinate)) && !ISO_DATE.test(value)) return masked;
      break;
    default:
      return null;
  }
  return masked === value ? null : masked;
}

function maskAny(value: unknown, strategy: MaskStrategy, key: Uint8Array | string, coordinate: string, depth: number): unknown {
  if (value === null || value === undefined || strategy === 'redact' || depth > MAX_DEPTH) return null;
  switch (typeof value) {
    case 'string':
      return maskString(value, strategy, key, coordinate);
    case 'number':
      return strategy === 'generalize' ? generalizeNumber(value, coordinate) : null;
    case 'object':
      break;
    default:
      return null; // booleans, bigints, symbols, functions
  }
  if (Array.isArray(value)) return value.map((item) => maskAny(item, strategy, key, coordinate, depth + 1));
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : maskString(value.toISOString(), strategy, key, coordinate);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskAny(v, strategy, key, `${coordinate}.${k}`, depth + 1);
    return out;
  }
  // Class instances (database documents, ids): mask their JSON form, or drop them.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? maskAny(toJSON.call(value), strategy, key, coordinate, depth + 1) : null;
}

/**
 * Masks a value under a strategy. Each value type has one stated form per strategy:
 * - `partial` never keeps the shape of the value (no length, no separators, no word lengths):
 *   - an email → its first character, `***@` and the domain: `j***@example.com`;
 *   - a number-like value (phone, SSN, card, account, licence or passport number: letters,
 *     digits and the separators `space - . ( ) + / #` only, at least as many digits as letters)
 *     → `****` and its last four digits when it has eight digits or more (so never more than
 *     half of them), else `****`: `123-45-6789` → `****6789`, `(212) 555-2320` → `****2320`,
 *     `62704` → `****`;
 *   - any other string (names, addresses, free text) → its first character and `***`:
 *     `12 Elm Street` → `1***`, `Springfield` → `S***`;
 *   - numbers and booleans → null.
 * - `hash`: `h_` + 16 hex of HMAC-SHA256 under `hashKey` (stable per value and key). Give it a
 *   key scoped to the recipient (`pseudonymKey(secret, role, purpose)`): two recipients' hashes
 *   of one value then differ, so their data sets cannot be joined on a pseudonym. A hash over a
 *   few distinct values is a label (the policy check refuses `hash` on such fields), and over a
 *   low-entropy value (a date of birth, a phone number, an SSN) it is reversible by whoever holds
 *   the key, by trying every value: the key never leaves the gateway.
 * - `generalize`: ISO dates → the year; lat/lng → 1 decimal (~10 km); other numbers → 2
 *   significant digits; address `city`/`region`/`country` kept; other strings → null.
 * - `initials`: `Jane Doe` → `J. D.`.
 * - `redact`: null.
 * Arrays are masked element-wise, objects leaf by leaf (leaf coordinate `coordinate.key`).
 * A masked string never equals the raw string (null instead), except kept address parts.
 */
export function maskValue(value: unknown, strategy: MaskStrategy, options: MaskValueOptions): unknown {
  if (options.hashKey.length === 0) throw new Error('maskValue: hashKey must not be empty');
  return maskAny(value, strategy, options.hashKey, options.coordinate, 0);
}
