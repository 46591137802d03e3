import { createHmac } from 'node:crypto';
import type { MaskStrategy } from './types.ts';

/** Options of {@link maskValue}. */
export interface MaskValueOptions {
  /** Key of the HMAC behind `hash` (required, non-empty; keep it secret and stable across processes). */
  hashKey: Uint8Array | string;
  /** The schema coordinate of the value (`Type.field`); `generalize` uses its last segment. No default. */
  coordinate: string;
}

/** Composite values nested deeper than this are cut off as null. */
const MAX_DEPTH = 32;
const EMAIL = /^([^@\s]+)@([^@\s]+)$/;
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const COORDINATE_FIELDS = new Set(['lat', 'lng', 'lon', 'long', 'latitude', 'longitude']);
/** Address parts `generalize` keeps (the address generalised to its city/region). */
const KEPT_ADDRESS_PARTS = new Set(['city', 'region', 'country']);

const fieldName = (coordinate: string) => coordinate.slice(coordinate.lastIndexOf('.') + 1);
const firstChar = (s: string) => String.fromCodePoint(s.codePointAt(0) ?? 0x2a);

/** Digits and letters become `*`, except the last digits (at most four, never more than half); separators stay. */
function maskDigits(value: string): string {
  let digits = 0;
  for (const ch of value) if (DIGIT.test(ch)) digits++;
  const shown = Math.min(4, Math.floor(digits / 2));
  let seen = 0;
  let out = '';
  for (const ch of value) {
    if (DIGIT.test(ch)) out += ++seen > digits - shown ? ch : '*';
    else out += LETTER.test(ch) ? '*' : ch;
  }
  return out;
}

function partial(value: string): string {
  const email = EMAIL.exec(value);
  if (email) return `${firstChar(email[1])}***@${email[2]}`;
  if (DIGIT.test(value)) return maskDigits(value);
  return `${firstChar(value)}***`;
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
 * Masks a value under a strategy:
 * - `partial`: `j***@example.com`; strings with digits keep at most their last four digits
 *   (`***-**-6789`, letters masked too, separators kept); other strings `J***`; numbers null.
 * - `hash`: `h_` + 16 hex of a keyed HMAC-SHA256 (stable per value, for joins without identity).
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
