/**
 * The policy version a record was collected under. A record carries it as `policyVersion`
 * (a person's record, say); a value nested in such a record (an address, a bank account)
 * carries it under this symbol, set by the subgraph transformer when it hands the value on,
 * so that the fields below are decided under the same versions as the record itself.
 */
export const COLLECTED_UNDER: unique symbol = Symbol.for('confero.pii.collectedUnder');

/**
 * The version `record` was collected under: its own `policyVersion`, else the one its parent
 * passed on, else undefined (a record that keeps no version is decided under the current
 * version alone). A `policyVersion` that is not a non-empty string counts as an unknown version
 * (`''`), which denies.
 */
export function collectedUnder(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  if (Object.hasOwn(record, 'policyVersion')) {
    const own = (record as { policyVersion?: unknown }).policyVersion;
    return typeof own === 'string' ? own : '';
  }
  const inherited = (record as { [COLLECTED_UNDER]?: unknown })[COLLECTED_UNDER];
  return typeof inherited === 'string' ? inherited : undefined;
}

/**
 * Marks `value` (an object, or each object of a list) as collected under `version`, so the
 * `@pii` fields below it are decided under that version too. Leaves values it cannot mark
 * (leaves, frozen objects) as they are: a leaf has no fields below it.
 */
export function markCollectedUnder(value: unknown, version: string): void {
  if (Array.isArray(value)) {
    for (const item of value) markCollectedUnder(item, version);
    return;
  }
  if (typeof value !== 'object' || value === null || !Object.isExtensible(value)) return;
  if (Object.hasOwn(value, 'policyVersion') || Object.hasOwn(value, COLLECTED_UNDER)) return;
  Object.defineProperty(value, COLLECTED_UNDER, { value: version, enumerable: false, configurable: true });
}
