// Checks of `npm run bench`'s flags: each throws naming the flag and the value it got.

/** `on` or `off`. */
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
