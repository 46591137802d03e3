import { policyPath } from './policyPath.ts';

type Frame =
  | { kind: 'object'; path: PropertyKey[]; keys: Set<string>; expectKey: boolean; key?: string }
  | { kind: 'array'; path: PropertyKey[]; index: number };

/**
 * The keys that appear twice in one object of a JSON text, each named by its path. `JSON.parse`
 * keeps the last of them without a word, so a policy or invariant written twice (two rules for
 * one field, two categories of one name) would silently lose one: the loaders refuse them. The
 * text must be valid JSON.
 */
export function duplicateJsonKeys(text: string): string[] {
  const problems: string[] = [];
  const stack: Frame[] = [];
  const valuePath = (): PropertyKey[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, top.key ?? ''] : [...top.path, top.index];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) problems.push(`${policyPath([...top.path, key])}: appears twice (JSON keeps only the last, so the first would be dropped without a word)`);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push({ kind: 'object', path: valuePath(), keys: new Set(), expectKey: true });
    } else if (c === '[') {
      stack.push({ kind: 'array', path: valuePath(), index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index += 1;
    }
  }
  return problems;
}
