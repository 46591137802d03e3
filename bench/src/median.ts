/** The median of the finite values (a window that completed no request gives NaN figures: left out). */
export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The distinct values, in the order of first appearance. */
export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
