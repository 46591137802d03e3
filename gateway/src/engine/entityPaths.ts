import type { PathStep } from './compileHivePlan.ts';
import { getOwn, isObject } from './mergeData.ts';

type Obj = Record<string, unknown>;

/** Whether an object's `__typename` satisfies a type condition (an object without one is let through). */
function passes(value: Obj, types: ReadonlySet<string>): boolean {
  const typename = value.__typename;
  return typeof typename !== 'string' || types.has(typename);
}

/**
 * The objects at a flatten path of the response so far, in document order (`visit` gets each
 * with its place: the response path, built only when `withPath`). A field step over a list
 * steps into every element; `@` is every element of a list; a type step keeps the objects
 * whose `__typename` satisfies it. Nulls and values of other kinds are passed over.
 */
export function visitAt(data: unknown, path: readonly PathStep[], visit: (entity: Obj, at: Array<string | number> | undefined) => void, withPath = false): void {
  walk(data, path, 0, withPath ? [] : undefined, visit);
}

function walk(current: unknown, path: readonly PathStep[], index: number, at: Array<string | number> | undefined, visit: (entity: Obj, at: Array<string | number> | undefined) => void): void {
  if (current == null || typeof current !== 'object') return;
  if (index === path.length) {
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const item: unknown = current[i];
        if (isObject(item)) visit(item, at ? [...at, i] : undefined);
      }
    } else {
      visit(current as Obj, at ? [...at] : undefined);
    }
    return;
  }
  const step = path[index]!;
  if (Array.isArray(current)) {
    // `@` steps into the elements; any other step over a list applies to each element.
    const next = 'list' in step ? index + 1 : index;
    for (let i = 0; i < current.length; i++) {
      at?.push(i);
      walk(current[i], path, next, at, visit);
      at?.pop();
    }
    return;
  }
  if ('field' in step) {
    at?.push(step.field);
    walk(getOwn(current as Obj, step.field), path, index + 1, at, visit);
    at?.pop();
  } else if ('types' in step) {
    if (passes(current as Obj, step.types)) walk(current, path, index + 1, at, visit);
  }
  // `@` on an object: nothing there.
}
