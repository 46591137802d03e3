import { VARIANTS, type Variant } from './summarize.ts';

// Checks of `npm run bench`'s flags: each throws naming the flag and the value it got.

/** `--variants`: known names, A and B among them, in the report's order. */
export function variantsOf(value: string | undefined): Variant[] {
  const list = (value ?? '').split(',').filter(Boolean);
  for (const v of list) if (!(VARIANTS as readonly string[]).includes(v)) throw new Error(`--variants: ${VARIANTS.join(', ')}, got ${v}`);
  if (!list.includes('A') || !list.includes('B')) throw new Error('--variants must include A and B');
  return VARIANTS.filter((v) => list.includes(v));
}

/** An `on`/`off` option. */
export function onOff(name: string, value: string | undefined): 'on' | 'off' {
  if (value !== 'on' && value !== 'off') throw new Error(`--${name} must be on or off, got ${value}`);
  return value;
}

/** `--audit-journal`: `on`, `fsync` or `off`. */
export function journalSetting(value: string | undefined): 'on' | 'fsync' | 'off' {
  if (value !== 'on' && value !== 'fsync' && value !== 'off') throw new Error(`--audit-journal must be on, fsync or off, got ${value}`);
  return value;
}

/** A positive number. */
export function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}
