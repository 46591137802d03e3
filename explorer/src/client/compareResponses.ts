import { formatPath, type AnnotatedEntry, type AnnotatedResponse, type FieldMark } from './annotateResponse.ts';

/** One caller's value at a path: its text as shown, and its mark. */
export interface CompareCell {
  /** The value as JSON text; undefined when this caller's response has no such path. */
  text?: string;
  mark?: FieldMark;
}

/** One path of the compared responses, a cell per caller. */
export interface CompareRow {
  path: string;
  cells: CompareCell[];
  /** The callers do not all get the same value (or the same mark) here. */
  differs: boolean;
}

/** A leaf of an annotated response: a scalar, a null, an empty list or object. */
function leaves(entry: AnnotatedEntry, out: Map<string, CompareCell>): void {
  const { value } = entry;
  const nested = value.kind === 'object' ? value.entries : value.kind === 'list' ? value.items : [];
  if (value.kind === 'scalar' || nested.length === 0) {
    const text = value.kind === 'scalar' ? JSON.stringify(value.value) : value.kind === 'list' ? '[]' : '{}';
    out.set(formatPath(entry.path), { text, mark: entry.mark });
    return;
  }
  // A marked composite (e.g. a masked address) also gets a row, so the mark is compared too.
  if (entry.mark && entry.path.length > 0) out.set(formatPath(entry.path), { text: value.kind === 'list' ? '[…]' : '{…}', mark: entry.mark });
  for (const child of nested) leaves(child, out);
}

/**
 * Lines up the responses of several callers to the same query, path by path (list items by
 * index: the same query, as each caller receives it), and says where they differ: in the
 * value, in its presence, or in how the field came back (withheld, masked, …).
 */
export function compareResponses(responses: ReadonlyArray<AnnotatedResponse | null>): CompareRow[] {
  const perCaller = responses.map((response) => {
    const cells = new Map<string, CompareCell>();
    if (response?.root) leaves(response.root, cells);
    return cells;
  });
  // In the order of the response tree: siblings as first seen across the callers, children
  // under their parent (a path only a later caller has, `receipt.amount`, stays under `receipt`).
  const seen = new Map<string, number>();
  for (const cells of perCaller) {
    for (const path of cells.keys()) {
      const segments = path.split('.');
      for (let i = 1; i <= segments.length; i += 1) {
        const prefix = segments.slice(0, i).join('.');
        if (!seen.has(prefix)) seen.set(prefix, seen.size);
      }
    }
  }
  const rank = (path: string) => path.split('.').map((_, i, segments) => seen.get(segments.slice(0, i + 1).join('.'))!);
  const paths = [...new Set(perCaller.flatMap((cells) => [...cells.keys()]))].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < Math.min(ra.length, rb.length); i += 1) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return ra.length - rb.length;
  });
  return paths.map((path) => {
    const cells = perCaller.map((c) => c.get(path) ?? {});
    const signature = (cell: CompareCell) => `${cell.text ?? '\u0000absent'}\u0001${cell.mark?.kind ?? ''}\u0001${cell.mark?.label ?? ''}`;
    const first = signature(cells[0] ?? {});
    return { path, cells, differs: cells.some((cell) => signature(cell) !== first) };
  });
}
