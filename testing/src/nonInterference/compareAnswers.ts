/** One HTTP answer of the gateway, as the caller receives it. */
export interface Answer {
  status: number;
  /** The raw body. */
  body: string;
  /** The `x-request-id` response header (the one value that legitimately differs per request). */
  requestId: string | null;
}

/** Where two answers first differ, and the two values there. */
export interface AnswerDifference {
  /** `status`, or a JSON path into the body (`data.shoppers.totalCount`, `errors.0.message`), or `body` when it is not JSON. */
  path: string;
  a: unknown;
  b: unknown;
}

/** The body with the request's own id replaced by a placeholder wherever it appears. */
export function normalizedBody(answer: Answer): string {
  return answer.requestId ? answer.body.replaceAll(answer.requestId, '<request-id>') : answer.body;
}

/**
 * Compares two answers byte for byte (status, then the whole body: `data`, `errors`,
 * `extensions.privacy` and anything else in it), request ids aside, and the order of `errors`
 * aside: the gateway lists the errors of parallel subgraph fetches in the order the fetches
 * end, which varies from one request to the next in one world. Undefined when identical; else
 * the first differing path, found in the parsed bodies (or the raw bodies when either is not
 * JSON, or when they parse equal but differ in bytes, e.g. in key order).
 */
export function compareAnswers(a: Answer, b: Answer): AnswerDifference | undefined {
  if (a.status !== b.status) return { path: 'status', a: a.status, b: b.status };
  const bodyA = normalizedBody(a);
  const bodyB = normalizedBody(b);
  if (bodyA === bodyB) return undefined;
  let jsonA: unknown;
  let jsonB: unknown;
  try {
    jsonA = JSON.parse(bodyA);
    jsonB = JSON.parse(bodyB);
  } catch {
    return { path: 'body', a: bodyA.slice(0, 300), b: bodyB.slice(0, 300) };
  }
  const sortedA = withSortedErrors(jsonA);
  const sortedB = withSortedErrors(jsonB);
  const difference = firstDifference(sortedA, sortedB, '');
  if (difference) return difference;
  return JSON.stringify(sortedA) === JSON.stringify(sortedB) ? undefined : { path: 'body (same JSON, other bytes)', a: bodyA.slice(0, 300), b: bodyB.slice(0, 300) };
}

/** The body with its top-level `errors` in a canonical order (by their JSON form). */
function withSortedErrors(body: unknown): unknown {
  if (!isPlainObject(body) || !Array.isArray(body.errors)) return body;
  const keyed = body.errors.map((e: unknown) => [JSON.stringify(e), e] as const);
  keyed.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { ...body, errors: keyed.map(([, e]) => e) };
}

/** The first path (depth first, in A's key order, then B's extra keys) where two JSON values differ. */
export function firstDifference(a: unknown, b: unknown, path: string): AnswerDifference | undefined {
  if (Object.is(a, b)) return undefined;
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], at(i));
      if (d) return d;
    }
    return a.length === b.length ? undefined : { path: at('length'), a: a.length, b: b.length };
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a) || !(key in b)) return { path: at(key), a: key in a ? a[key] : '(absent)', b: key in b ? b[key] : '(absent)' };
      const d = firstDifference(a[key], b[key], at(key));
      if (d) return d;
    }
    return undefined;
  }
  return { path: path || '(root)', a, b };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
