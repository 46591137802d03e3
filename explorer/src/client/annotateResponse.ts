import type { ExplainPlan, FieldDecision, GraphQLErrorEntry, GraphQLResult, PrivacyEntry } from './graphqlResult.ts';
import { reasonText } from './reasonText.ts';

/** How a field came back, as the explorer marks it. */
export type MarkKind = 'withheld' | 'masked' | 'refused' | 'no-entry' | 'consent' | 'allowed';

/** One field's mark: a short label (shown with an icon), the sentence that says why, and the facts. */
export interface FieldMark {
  kind: MarkKind;
  label: string;
  detail: string;
  coordinate?: string;
  category?: string;
  reason?: string;
  rule?: string;
  strategy?: string;
  code?: string;
}

export type AnnotatedValue =
  | { kind: 'object'; entries: AnnotatedEntry[] }
  | { kind: 'list'; items: AnnotatedEntry[] }
  | { kind: 'scalar'; value: string | number | boolean | null };

export interface AnnotatedEntry {
  key: string | number;
  /** Concrete response path (keys and list indices). */
  path: Array<string | number>;
  value: AnnotatedValue;
  mark?: FieldMark;
}

/** A response, annotated field by field, with what refused the whole request (if anything). */
export interface AnnotatedResponse {
  /** The data, annotated; null when there is none. */
  root: AnnotatedEntry | null;
  /** Errors without a path: the request (or operation) was refused as a whole. */
  refusals: Array<{ code: string; message: string; denied: Array<{ path: string; coordinate: string; reason: string }> }>;
  /** How many fields carry each mark. */
  counts: Record<MarkKind, number>;
  /** `extensions.privacy` was cut at its limit: fields past it are marked from the explain plan. */
  truncated: boolean;
}

/** What {@link annotateResponse} reads. */
export interface AnnotateInput {
  result: GraphQLResult;
  /** The plan of the same operation for the same caller (`x-privacy-explain: 1`), if known. */
  explain?: ExplainPlan | null;
  /** The purpose the caller stated (null: none). */
  purpose: string | null;
}

const pathKey = (path: ReadonlyArray<string | number>): string => path.map(String).join('\u0000');
const patternKey = (path: ReadonlyArray<string | number>): string => path.filter((p) => typeof p === 'string').join('\u0000');

/** `["shoppers", "nodes", 0, "email"]` → `shoppers.nodes.0.email`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map(String).join('.');
}

/**
 * Marks every field of a response with how it came back and why: withheld and masked (from
 * `extensions.privacy`, with the rule from the explain plan), refused (an error at the field),
 * consent-conditional (the record decides), and nulls the gateway has no entry for — values a
 * record rule in a subgraph withheld (consent, the record's policy version, scope) come back
 * null without an entry, so they are shown as such, not guessed.
 */
export function annotateResponse(input: AnnotateInput): AnnotatedResponse {
  const { result, purpose } = input;
  const privacy = result.extensions?.privacy;
  const withheld = byPath(privacy?.withheld);
  const masked = byPath(privacy?.masked);
  const decisions = new Map<string, FieldDecision>();
  for (const decision of input.explain?.fields ?? []) if (!decisions.has(patternKey(decision.path))) decisions.set(patternKey(decision.path), decision);
  const errors = new Map<string, GraphQLErrorEntry>();
  const refusals: AnnotatedResponse['refusals'] = [];
  for (const error of result.errors ?? []) {
    if (error.path && error.path.length > 0) errors.set(pathKey(error.path), error);
    else {
      const denied = (error.extensions?.denied ?? []).map((d) => ({ path: formatPath(d.path), coordinate: d.coordinate, reason: d.reason }));
      refusals.push({ code: String(error.extensions?.code ?? 'ERROR'), message: error.message, denied });
    }
  }
  const counts: Record<MarkKind, number> = { withheld: 0, masked: 0, refused: 0, 'no-entry': 0, consent: 0, allowed: 0 };
  const purposeText = purpose ?? '(none)';

  const markFor = (path: Array<string | number>, value: unknown): FieldMark | undefined => {
    const key = pathKey(path);
    const decision = decisions.get(patternKey(path));
    const rule = decision?.rule;
    const error = errors.get(key);
    if (error) {
      const code = String(error.extensions?.code ?? 'ERROR');
      return { kind: 'refused', label: `refused: ${code}`, detail: error.message, code, coordinate: decision?.coordinate };
    }
    const w = withheld.get(key) ?? (value === null && decision?.effect === 'deny' ? { ...decision, path } : undefined);
    if (w) {
      const reason = w.reason ?? decision?.reason;
      return {
        kind: 'withheld',
        label: 'withheld',
        detail: `${w.category} · ${reasonText(reason)} (${reason}) · purpose ${purposeText}${rule ? ` · rule ${rule}` : ''}`,
        coordinate: w.coordinate,
        category: w.category,
        reason,
        rule,
      };
    }
    const m = masked.get(key);
    if (m) {
      return {
        kind: 'masked',
        label: `masked: ${m.strategy}`,
        detail: `${m.category} · masked (${m.strategy}) · ${reasonText(decision?.reason)} · purpose ${purposeText}${rule ? ` · rule ${rule}` : ''}`,
        coordinate: m.coordinate,
        category: m.category,
        strategy: m.strategy,
        reason: decision?.reason,
        rule,
      };
    }
    if (decision?.condition) {
      const flag = decision.condition.consent;
      return value === null
        ? { kind: 'consent', label: 'null: record rule (consent)', detail: `${decision.category} · allowed only where the record's consents.${flag} is true; the subgraph decides per record, so this null has no policy entry · rule ${decision.rule}`, coordinate: decision.coordinate, category: decision.category, reason: 'CONSENT_REQUIRED', rule: decision.rule }
        : { kind: 'consent', label: 'consent given', detail: `${decision.category} · allowed because the record's consents.${flag} is true · rule ${decision.rule}`, coordinate: decision.coordinate, category: decision.category, reason: 'CONSENT_GIVEN', rule: decision.rule };
    }
    if (value === null && (decision || path.length === 1)) {
      const why = decision
        ? `the policy ${decision.effect === 'mask' ? 'masks' : 'allows'} this field here, so the null is the record’s own: possibly a record rule in the subgraph (the policy version the record was collected under, consent), or no value stored`
        : 'possibly outside the caller’s record scope, or not found';
      return { kind: 'no-entry', label: 'null (no policy entry)', detail: `${decision ? `${decision.category} · ` : ''}${why}`, coordinate: decision?.coordinate, category: decision?.category, rule: decision?.rule };
    }
    if (decision && value !== null) {
      return { kind: 'allowed', label: 'allowed', detail: `${decision.category} · ${reasonText(decision.reason)} (${decision.reason}) · purpose ${purposeText} · rule ${decision.rule}`, coordinate: decision.coordinate, category: decision.category, reason: decision.reason, rule: decision.rule };
    }
    return undefined;
  };

  const walk = (key: string | number, path: Array<string | number>, value: unknown): AnnotatedEntry => {
    const mark = path.length > 0 ? markFor(path, value ?? null) : undefined;
    if (mark) counts[mark.kind] += 1;
    if (Array.isArray(value)) return { key, path, mark, value: { kind: 'list', items: value.map((item, i) => walk(i, [...path, i], item)) } };
    if (value !== null && typeof value === 'object') {
      const entries = Object.keys(value).map((k) => walk(k, [...path, k], (value as Record<string, unknown>)[k]));
      return { key, path, mark, value: { kind: 'object', entries } };
    }
    const scalar = value === undefined ? null : (value as string | number | boolean | null);
    return { key, path, mark, value: { kind: 'scalar', value: scalar } };
  };

  const data = result.data;
  return {
    root: data === undefined || data === null ? null : walk('data', [], data),
    refusals,
    counts,
    truncated: privacy?.truncated === true,
  };
}

function byPath(entries: PrivacyEntry[] | undefined): Map<string, PrivacyEntry> {
  const map = new Map<string, PrivacyEntry>();
  for (const entry of entries ?? []) map.set(pathKey(entry.path), entry);
  return map;
}
