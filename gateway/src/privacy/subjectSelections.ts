import {
  getNamedType,
  getNullableType,
  isLeafType,
  isObjectType,
  isRequiredArgument,
  Kind,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
} from 'graphql';
import type { EffectiveDecision } from './resolveFieldDecision.ts';
import type { PlanSubject } from './types.ts';
import { aliasedField } from './selectionHelpers.ts';

/** Which records count as data subjects for audit, and how they are identified. */
export interface PlanSubjectOptions {
  /** The id field read from a record whose PII is returned. Default `'id'`. */
  idField?: string;
  /** Only these object types are subjects. Default: every type with a non-PII leaf `idField`. */
  types?: readonly string[];
  /**
   * Types whose PII is about another record, by the field that leads to it: `{ Visit:
   * 'patient' }` counts the visit's patient (`patient { id }`) as the subject when a visit's PII
   * is returned. The field must return one object of a subject type. Default: none.
   */
  via?: Readonly<Record<string, string>>;
}

/** Response keys of the planner's subject selections. */
export interface SubjectKeys {
  /** `subjectKey: id` on a subject record. */
  subjectKey: string;
  /** `viaKey: <via field> { subjectKey: id }` on a record whose subject is another one. */
  viaKey: string;
}

/** How a position's subject ids are fetched and read. */
export interface SubjectFetch {
  /** Selections the planner adds (none when the caller's own selections carry the id). */
  readonly selections: SelectionNode[];
  readonly idPaths: PlanSubject['idPaths'];
  readonly added: PlanSubject['added'];
  readonly types: PlanSubject['types'];
}

/**
 * How to fetch the ids of the types at a position that are data subjects. On an object type
 * the caller's own unconditional `id` (or `<via field> { id }`) is read when selected, so the
 * document stays as the caller wrote it; otherwise the planner adds `subjectKey: id`, or `viaKey:
 * <field> { subjectKey: id }` for a type whose subject another record is (`via`), in inline
 * fragments on an abstract position. A type qualifies when its id field (and its via field) is
 * one the caller may fetch as it is, without required arguments; all qualifying ids share one
 * type, so the added fields always merge. Undefined when no type at the position qualifies.
 */
export function subjectSelections(
  schema: GraphQLSchema,
  options: PlanSubjectOptions,
  keys: SubjectKeys,
  baseType: GraphQLCompositeType,
  possibleTypes: Iterable<string>,
  selections: readonly SelectionNode[],
  decide: (type: GraphQLObjectType, field: string) => EffectiveDecision | undefined,
): SubjectFetch | undefined {
  const idField = options.idField ?? 'id';
  const allowed = (type: GraphQLObjectType, field: string) => {
    const decided = decide(type, field);
    return !decided || (decided.decision.effect === 'allow' && !decided.decision.condition);
  };
  let idType: string | undefined;
  /** The id's printed type, when `type` has an id the caller may fetch; undefined otherwise. */
  const idOf = (type: GraphQLObjectType): string | undefined => {
    if (options.types && !options.types.includes(type.name)) return undefined;
    const id = type.getFields()[idField];
    if (!id || !isLeafType(getNamedType(id.type)) || id.args.some(isRequiredArgument) || !allowed(type, idField)) return undefined;
    const printed = String(id.type);
    return idType === undefined || printed === idType ? printed : undefined;
  };
  const chosen: Array<{ name: string; via?: string; subjectType: string }> = [];
  for (const name of possibleTypes) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    const viaName = options.via?.[name];
    if (viaName) {
      const via = type.getFields()[viaName];
      const target = via && getNullableType(via.type);
      if (!via || !isObjectType(target) || via.args.some(isRequiredArgument) || !allowed(type, viaName)) continue;
      const printed = idOf(target);
      if (printed === undefined) continue;
      idType = printed;
      chosen.push({ name, via: viaName, subjectType: target.name });
      continue;
    }
    const printed = idOf(type);
    if (printed === undefined) continue;
    idType = printed;
    chosen.push({ name, subjectType: name });
  }
  if (chosen.length === 0) return undefined;
  const types = [...new Set(chosen.map((c) => c.subjectType))].sort();
  if (isObjectType(baseType)) {
    const via = chosen[0]!.via;
    const own = via === undefined ? callersIdPath(selections, idField) : callersViaIdPath(selections, via, idField);
    if (own) return { selections: [], idPaths: [own], added: [], types };
  }
  const added = (via: string | undefined): FieldNode =>
    via === undefined
      ? aliasedField(keys.subjectKey, idField)
      : { ...aliasedField(keys.viaKey, via), selectionSet: { kind: Kind.SELECTION_SET, selections: [aliasedField(keys.subjectKey, idField)] } };
  const anyVia = chosen.some((c) => c.via !== undefined);
  const anyOwn = chosen.some((c) => c.via === undefined);
  const idPaths: Array<readonly [string] | readonly [string, string]> = [];
  if (anyVia) idPaths.push([keys.viaKey, keys.subjectKey]);
  if (anyOwn) idPaths.push([keys.subjectKey]);
  const addedKeys = [...(anyOwn ? [keys.subjectKey] : []), ...(anyVia ? [keys.viaKey] : [])];
  if (isObjectType(baseType)) return { selections: [added(chosen[0]!.via)], idPaths, added: addedKeys, types };
  return {
    selections: chosen.map(({ name, via }) => ({
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: name } },
      selectionSet: { kind: Kind.SELECTION_SET, selections: [added(via)] },
    })),
    idPaths,
    added: addedKeys,
    types,
  };
}

/** `[responseKey]` of the caller's unconditional, argument-free `idField` among these selections. */
function callersIdPath(selections: readonly SelectionNode[], idField: string): readonly [string] | undefined {
  const id = plainField(selections, idField);
  return id && !id.selectionSet ? [id.alias?.value ?? idField] : undefined;
}

/** `[via responseKey, id responseKey]` of the caller's unconditional `<via> { id }`. */
function callersViaIdPath(selections: readonly SelectionNode[], via: string, idField: string): readonly [string, string] | undefined {
  for (const selection of selections) {
    if (!isPlainField(selection, via) || !selection.selectionSet) continue;
    const id = callersIdPath(selection.selectionSet.selections, idField);
    if (id) return [selection.alias?.value ?? via, id[0]];
  }
  return undefined;
}

function plainField(selections: readonly SelectionNode[], name: string): FieldNode | undefined {
  for (const selection of selections) if (isPlainField(selection, name)) return selection;
  return undefined;
}

/** A field of this name selected directly (not in a fragment), without arguments or directives: always executed. */
function isPlainField(selection: SelectionNode, name: string): selection is FieldNode {
  return selection.kind === Kind.FIELD && selection.name.value === name && !selection.arguments?.length && !selection.directives?.length;
}
