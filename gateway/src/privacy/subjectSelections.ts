import {
  getNamedType,
  isLeafType,
  isObjectType,
  isRequiredArgument,
  Kind,
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
}

/**
 * `subjectKey: id` for the types at a position that are data subjects (in inline fragments on
 * an abstract position). A type qualifies when its id field is a leaf without required
 * arguments that the caller may fetch as it is; all qualifying ids share one type, so the
 * added fields always merge.
 */
export function subjectSelections(
  schema: GraphQLSchema,
  options: PlanSubjectOptions,
  subjectKey: string,
  baseType: GraphQLCompositeType,
  possibleTypes: Iterable<string>,
  decideId: (type: GraphQLObjectType, idField: string) => EffectiveDecision | undefined,
): SelectionNode[] {
  const idField = options.idField ?? 'id';
  const field = aliasedField(subjectKey, idField);
  let idType: string | undefined;
  const eligible: string[] = [];
  for (const name of possibleTypes) {
    if (options.types && !options.types.includes(name)) continue;
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    const id = type.getFields()[idField];
    if (!id || !isLeafType(getNamedType(id.type)) || id.args.some(isRequiredArgument)) continue;
    const decided = decideId(type, idField);
    if (decided && (decided.decision.effect !== 'allow' || decided.decision.condition)) continue;
    const printed = String(id.type);
    if (idType !== undefined && printed !== idType) continue;
    idType = printed;
    eligible.push(name);
  }
  if (eligible.length === 0) return [];
  if (isObjectType(baseType)) return [field];
  return eligible.map((name) => ({
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: name } },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  }));
}
