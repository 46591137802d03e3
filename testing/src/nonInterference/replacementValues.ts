import { maskValue, type MaskStrategy } from '@confero/directives';
import { jsonKey, type ValueVocabulary } from './valueVocabulary.ts';

/** The few draws a perturbation needs. */
export interface Random {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** A deterministic {@link Random}: the seed's own generator (mulberry32). */
export { createRandom } from '@confero/tools';

/** Another value for `coordinate`: one the seed's vocabulary holds there, else a same-shaped variant. */
export function replacement(coordinate: string, current: unknown, vocabulary: ValueVocabulary, random: Random): unknown {
  const currentKey = jsonKey(current);
  const candidates = vocabulary.values(coordinate).filter((v) => v !== undefined && jsonKey(v) !== currentKey);
  if (candidates.length > 0) return structuredClone(random.pick(candidates));
  return variantOf(current, random);
}

/** What a masked value must keep: its masked form under each strategy, and any further condition. */
export interface SameMask {
  strategies: readonly MaskStrategy[];
  /** The gateway's key of the `hash` mask. */
  hashKey: string;
  /** A further condition on a candidate (a computed field's masked form, e.g.). Default: none. */
  also?: (candidate: unknown) => boolean;
}

const kindOf = (v: unknown) => (v === null ? 'null' : v instanceof Date ? 'date' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Another value for the scalar (or list of scalars) at `coordinate` whose masked form is the
 * same under every strategy in `same` (so a caller who receives it masked cannot tell them
 * apart): one of the vocabulary's values or a same-shaped variant; undefined when none is found
 * (a `hash` has no other preimage in reach). A list keeps its length and is replaced item by item.
 */
export function sameMaskReplacement(coordinate: string, current: unknown, same: SameMask, vocabulary: ValueVocabulary, random: Random): unknown {
  const masked = (v: unknown, strategy: MaskStrategy) => jsonKey(maskValue(v, strategy, { hashKey: same.hashKey, coordinate }));
  const keeps = (c: unknown) => same.strategies.every((s) => masked(c, s) === masked(current, s)) && (same.also?.(c) ?? true);
  if (Array.isArray(current)) {
    const pool = vocabulary.values(coordinate).flatMap((v) => (Array.isArray(v) ? v : []));
    const items = current.map((item) => pickSameMask(item, pool, same.strategies.map((s) => (c: unknown) => masked(c, s) === masked(item, s)), random));
    const out = items.map((item, i) => (item === undefined ? current[i] : item));
    return out.some((item, i) => jsonKey(item) !== jsonKey(current[i])) && keeps(out) ? out : undefined;
  }
  return pickSameMask(current, vocabulary.values(coordinate), [keeps], random);
}

function pickSameMask(current: unknown, pool: readonly unknown[], conditions: ReadonlyArray<(c: unknown) => boolean>, random: Random): unknown {
  const currentKey = jsonKey(current);
  const candidates = [...pool, ...nearVariants(current, random)].filter(
    (c) => kindOf(c) === kindOf(current) && jsonKey(c) !== currentKey && conditions.every((ok) => ok(c)),
  );
  return candidates.length > 0 ? structuredClone(random.pick(candidates)) : undefined;
}

/** Variants that keep what masks tend to show: the first character and the last digits of a string, the leading digits of a number, the year of a date. */
function nearVariants(value: unknown, random: Random): unknown[] {
  if (typeof value === 'string' && value.length > 1) {
    const digits = [...value].filter((ch) => DIGITS.includes(ch)).length;
    let seen = 0;
    const keepTail = [...value].map((ch) => (DIGITS.includes(ch) ? ++seen > digits - 4 : false));
    const swapped = [...value].map((ch, i) => (i === 0 || keepTail[i] ? ch : swap(ch, random))).join('');
    return [swapped, variantOf(value, random)];
  }
  if (typeof value === 'number') return Number.isInteger(value) ? [value + 1] : [Math.round((value + 1e-5) * 1e6) / 1e6, Math.round((value - 1e-5) * 1e6) / 1e6];
  if (value instanceof Date) return [new Date(value.getTime() + 60_000), new Date(value.getTime() - 60_000)];
  return [];
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

function swap(ch: string, random: Random): string {
  const alphabet = LOWER.includes(ch) ? LOWER : UPPER.includes(ch) ? UPPER : DIGITS.includes(ch) ? DIGITS : undefined;
  if (!alphabet) return ch;
  const rest = alphabet.replace(ch, '');
  return rest[random.int(0, rest.length - 1)]!;
}

/** A value of the same shape that differs: letters and digits swapped for others, numbers moved, dates a day later, flags flipped. */
export function variantOf(value: unknown, random: Random): unknown {
  if (typeof value === 'string') {
    const out = [...value].map((ch) => swap(ch, random)).join('');
    return out === value ? `${value}x` : out;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value + 1 : Math.round((value + 0.5) * 1e6) / 1e6;
  if (typeof value === 'boolean') return !value;
  if (value instanceof Date) return new Date(value.getTime() + 86_400_000);
  if (Array.isArray(value)) return value.length > 0 ? value.slice(1) : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, variantOf(v, random)]));
  }
  return value;
}
