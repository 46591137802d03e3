/** A stored timestamp as the schemas' `String` fields carry it (ISO 8601, UTC). */
export function isoString(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
