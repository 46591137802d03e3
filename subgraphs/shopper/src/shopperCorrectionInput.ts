import { z } from 'zod';
import type { ShopperDocument } from './shopperModel.ts';

/** What is wrong with one field of a correction (`field` null: the request as a whole). */
export interface CorrectionError {
  field: string | null;
  message: string;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty', abort: true })
    .max(max, { error: `must be at most ${max} characters`, abort: true })
    .refine((s) => !CONTROL.test(s), { error: 'must not contain control characters' });
const code = (what: string, example: string) =>
  z.string().trim().regex(/^[A-Z]{2}$/, { error: `must be a two-letter ${what} code, e.g. ${example}` });

const addressSchema = z.strictObject({
  street: text(120).nullish(),
  city: text(80).nullish(),
  region: code('region', 'CA').nullish(),
  postalCode: z
    .string()
    .trim()
    .regex(/^[0-9]{5}(-[0-9]{4})?$/, { error: 'must be a ZIP code: 12345 or 12345-6789' })
    .nullish(),
  country: code('country', 'US').nullish(),
});

/** The fields a shopper's record may be corrected in, and how each is validated. */
const correctionSchema = z
  .strictObject({
    firstName: text(80).nullish(),
    lastName: text(80).nullish(),
    alias: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{3,40}$/, { error: 'must be 3 to 40 letters, digits, dots, dashes or underscores' })
      .nullish(),
    email: z.string().trim().max(254, { error: 'must be at most 254 characters' }).pipe(z.email({ error: 'must be an email address' })).nullish(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{7,24}$/, { error: 'must be a phone number: digits, spaces, dashes, dots and parentheses', abort: true })
      .refine((s) => s.replace(/\D/g, '').length >= 7 && s.replace(/\D/g, '').length <= 15, { error: 'must have 7 to 15 digits' })
      .nullish(),
    address: addressSchema.nullish(),
  })
  .refine((c) => flatten(c).length > 0, { error: 'name at least one field to correct' });

/** A validated correction: only the fields given, trimmed. */
export type ShopperCorrection = z.infer<typeof correctionSchema>;

/** The corrected fields as `[path, value]` pairs, e.g. `['address.street', '12 Elm St']`. */
function flatten(correction: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(correction)) {
    if (value == null) continue;
    if (typeof value !== 'object') {
      pairs.push([key, String(value)]);
      continue;
    }
    for (const [part, v] of Object.entries(value)) {
      if (v != null) pairs.push([`${key}.${part}`, String(v)]);
    }
  }
  return pairs;
}

/**
 * Validates a `ShopperCorrectionInput` as a whole: every problem comes back, field by field
 * (`address.postalCode`), and nothing is valid unless everything is.
 */
export function parseShopperCorrection(input: unknown): { value: ShopperCorrection } | { errors: CorrectionError[] } {
  const parsed = correctionSchema.safeParse(input);
  if (parsed.success) return { value: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : null,
      message: issue.message,
    })),
  };
}

/**
 * The schema coordinates a correction input writes (`Shopper.email`; `Shopper.address` and
 * `PostalAddress.street`), valid or not: what the caller must be entitled to write.
 */
export function correctionCoordinates(input: unknown): string[] {
  const coordinates = new Set<string>();
  if (typeof input !== 'object' || input === null) return [];
  for (const [path] of flatten(input as Record<string, unknown>)) {
    const [field, part] = path.split('.');
    coordinates.add(`Shopper.${field}`);
    if (part) coordinates.add(`PostalAddress.${part}`);
  }
  return [...coordinates];
}

/**
 * The update that applies `correction` to `current`: a `$set` of the fields whose value
 * changes, and their paths (empty when nothing changes). Address parts are set one by one, or
 * as a new address when the record has none.
 */
export function correctionUpdate(correction: ShopperCorrection, current: ShopperDocument): { set: Record<string, string | object>; fields: string[] } {
  const set: Record<string, string | object> = {};
  const fields: string[] = [];
  const newAddress: Record<string, string> = {};
  for (const [path, value] of flatten(correction)) {
    const [field, part] = path.split('.') as [keyof ShopperDocument, string | undefined];
    const stored = part ? (current.address as Record<string, unknown> | null | undefined)?.[part] : current[field];
    if (stored === value) continue;
    fields.push(path);
    if (part && !current.address) newAddress[part] = value;
    else set[path] = value;
  }
  if (Object.keys(newAddress).length > 0) set.address = newAddress;
  return { set, fields };
}
