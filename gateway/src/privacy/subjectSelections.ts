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
import { aliasedField } from './selectionHelpers.ts';

/** Which records count as data subjects for audit, and how they are identified. */
export interface PlanSubjectOptions {
  /** The id field read from a record whose PII is returned. Default `'id'`. */
  idField?: string;
  /** Only these object types are subjects. Default: every type with a non-PII leaf `idField`. */
  types?: readonly string[];
  /**
   * Types whose PII is about another record, by the field that leads to it: `{ Deliverable:
   * 'shopper' }` counts the deliverable's shopper (`shopper { id }`) as the subject when a
   * deliverable's PII is returned. The field must return one object of a subject type. Default: none.
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

/**
 * `subjectKey: id` for the types at a position that are data subjects, and `viaKey: <field> {
 * subjectKey: id }` for those whose subject another record is (`via`); in inline fragments on
 * an abstract position. A type qualifies when its id field (and its via field) is one the
 * caller may fetch as it is, without required arguments; all qualifying ids share one type, so
 * the added fields always merge.
 */
export function subjectSelections(
  schema: GraphQLSchema,
  options: PlanSubjectOptions,
  keys: SubjectKeys,
  baseType: GraphQLCompositeType,
  possibleTypes: Iterable<string>,
  decide: (type: GraphQLObjectType, field: string) => EffectiveDecision | undefined,
): SelectionNode[] {
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
  const chosen: Array<{ name: string; field: FieldNode }> = [];
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
      chosen.push({ name, field: { ...aliasedField(keys.viaKey, viaName), selectionSet: { kind: Kind.SELECTION_SET, selections: [aliasedField(keys.subjectKey, idField)] } } });
      continue;
    }
    const printed = idOf(type);
    if (printed === undefined) continue;
    idType = printed;
    chosen.push({ name, field: aliasedField(keys.subjectKey, idField) });
  }
  if (chosen.length === 0) return [];
  if (isObjectType(baseType)) return [chosen[0]!.field];
  return chosen.map(({ name, field }) => ({
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: name } },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  }));
}
