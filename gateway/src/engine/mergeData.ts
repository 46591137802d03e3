type Obj = Record<string, unknown>;

/** Whether `value` is a non-null, non-array object. */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property, `__proto__` included (an alias may be any name; it must never reach a prototype). */
export function setOwn(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An own property's value (never an inherited one: `constructor`, `__proto__`). */
export function getOwn(source: Obj, key: string): unknown {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}

/**
 * Merges a subgraph's answer into the response so far, as Apollo Gateway's `deepMerge` does:
 * objects key by key, lists of the same length element by element, anything else replaced.
 * Only own properties are read and written: what a key inherits from `Object.prototype` is a
 * function (replaced, never merged into), and `__proto__` is always replaced.
 */
export function mergeData(target: Obj, source: unknown): void {
  if (!isObject(source)) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    if (key === '__proto__') {
      setOwn(target, key, value);
      continue;
    }
    const existing = target[key];
    if (isObject(existing) && isObject(value)) {
      mergeData(existing, value);
    } else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) {
      for (let i = 0; i < value.length; i++) {
        const a = existing[i];
        const b = value[i];
        if (isObject(a) && isObject(b)) mergeData(a, b);
        else existing[i] = b;
      }
    } else {
      setOwn(target, key, value);
    }
  }
}
