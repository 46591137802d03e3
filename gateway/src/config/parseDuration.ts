const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A duration as the gateway's settings write it, in seconds: a whole number with an optional
 * unit, `s`, `m`, `h` or `d` (`3600`, `3600s`, `90m`, `24h`, `1d`); a bare number is seconds.
 * `undefined` for anything else (fractions, signs, spaces, other units).
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2] || 's']!;
}
