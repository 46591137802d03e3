import type { SubgraphPiiFacts } from './readSubgraphPii.ts';

/** A field of a type that holds personal data, neither tagged nor declared not personal. */
export interface UntaggedField {
  coordinate: string;
  subgraph: string;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Makes "untagged by accident" impossible: in a type that holds personal data (some subgraph
 * tags one of its fields `@pii`, or the type itself), every field each subgraph defines must be
 * tagged `@pii`, declared `@notPersonal(reason:)`, a key field (what joins entities),
 * `@external` (the subgraph that defines it answers for it), or return a type whose `@pii` is
 * type-level (each of its fields is decided). Root types are entry points: the records they
 * return are checked where their types are.
 */
export function checkPersonalTypes(facts: readonly SubgraphPiiFacts[], notPersonal: ReadonlySet<string>): UntaggedField[] {
  const personal = new Set<string>();
  for (const f of facts) {
    for (const type of f.typeLevel) personal.add(type);
    for (const coordinate of f.ownFields) personal.add(coordinate.slice(0, coordinate.indexOf('.')));
  }
  for (const root of ROOT_TYPES) personal.delete(root);
  const typeLevel = (type: string) => facts.some((f) => f.typeLevel.has(type));
  const isKey = (type: string, field: string) => facts.some((f) => f.keys.get(type)?.has(field));
  const found: UntaggedField[] = [];
  for (const f of facts) {
    for (const coordinate of f.fields) {
      const dot = coordinate.indexOf('.');
      const type = coordinate.slice(0, dot);
      if (!personal.has(type) || typeLevel(type)) continue;
      if (f.ownFields.has(coordinate) || f.external.has(coordinate) || notPersonal.has(coordinate) || isKey(type, coordinate.slice(dot + 1))) continue;
      if (typeLevel(f.fieldTypes.get(coordinate) ?? '')) continue;
      found.push({ coordinate, subgraph: f.name });
    }
  }
  return found;
}
