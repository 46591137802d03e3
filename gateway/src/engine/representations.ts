import type { RequireStep, Rewrite } from './compileHivePlan.ts';
import { getOwn, isObject, mergeData, setOwn } from './mergeData.ts';

type Obj = Record<string, unknown>;

/**
 * An entity's representation for `_entities`: the fields its fetch requires (key, and
 * `@requires` fields), read from the response so far. As in Apollo Gateway, a required field
 * that is not there yet makes the whole representation `null` (the entity is not fetched), a
 * `null` is kept as it is, and an entity without `__typename` is not fetched.
 */
export function representationOf(requires: readonly RequireStep[], entity: Obj, rewrites: readonly Rewrite[] | undefined): Obj | null {
  const representation = select(requires, entity);
  if (!representation || typeof representation.__typename !== 'string') return null;
  if (rewrites) applyRewrites(rewrites, representation);
  return representation;
}

/**
 * What tells two representations apart, to send each one once: `__typename` and the value of
 * a single scalar key as they are (the usual `{ __typename, id }`), else the JSON text.
 */
export function identityOf(representation: Obj): string {
  // The keys counted without `Object.keys` (an array per entity); a representation is built
  // by `select` (own properties of a plain object only).
  let count = 0;
  let key: string | undefined;
  for (const k in representation) {
    count += 1;
    if (count === 1 ? k !== '__typename' : count > 2) break;
    if (count === 2) key = k;
  }
  if (count === 2 && key !== undefined) {
    const value = representation[key];
    if (typeof value === 'string' || typeof value === 'number') return `\u0001${representation.__typename as string}\u0000${key}\u0000${typeof value}\u0000${value}`;
  }
  return JSON.stringify(representation);
}

function select(steps: readonly RequireStep[], source: Obj): Obj | null {
  const out: Obj = {};
  for (const step of steps) {
    if ('types' in step) {
      const typename = source.__typename;
      if (typeof typename === 'string' && step.types.has(typename)) {
        const part = select(step.selections, source);
        if (part) mergeData(out, part);
      }
      continue;
    }
    // Where the planner aliased a field (a `@requires` whose arguments conflict with the
    // operation's), the value is in the response under the alias (`field`) and goes into the
    // representation under the field's name (`key`), as Hive Gateway's runtime reads it.
    let value = getOwn(source, step.field);
    if (value === undefined && step.key !== step.field) value = getOwn(source, step.key);
    if (value === undefined) return null;
    setOwn(out, step.key, step.selections ? selectValue(step.selections, value) : value);
  }
  return out;
}

function selectValue(steps: readonly RequireStep[], value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = selectValue(steps, value[i]);
    return out;
  }
  return isObject(value) ? select(steps, value) : null;
}

/**
 * Applies a fetch's rewrites in place (Apollo's semantics): `set` gives the key at the path
 * a value (an `@interfaceObject`'s `__typename`), `rename` moves a value to another key (a
 * field the planner aliased to avoid a conflict). Lists along the path are walked; a type
 * step applies where the object's `__typename` satisfies it, or where there is none.
 */
export function applyRewrites(rewrites: readonly Rewrite[], value: unknown): void {
  for (const rewrite of rewrites) {
    const last = rewrite.path[rewrite.path.length - 1];
    if (typeof last !== 'string') continue;
    applyAt(rewrite.path, 0, value, (obj) => {
      if (rewrite.kind === 'set') {
        setOwn(obj, last, rewrite.to);
      } else {
        const moved = getOwn(obj, last);
        if (moved) {
          setOwn(obj, rewrite.to, moved);
          obj[last] = undefined;
        }
      }
    });
  }
}

function applyAt(path: Rewrite['path'], index: number, value: unknown, apply: (obj: Obj) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAt(path, index, item, apply);
    return;
  }
  if (!isObject(value)) return;
  if (index === path.length - 1) {
    apply(value);
    return;
  }
  const step = path[index]!;
  if (typeof step === 'string') {
    applyAt(path, index + 1, getOwn(value, step), apply);
  } else {
    const typename = value.__typename;
    if (typeof typename !== 'string' || step.has(typename)) applyAt(path, index + 1, value, apply);
  }
}
