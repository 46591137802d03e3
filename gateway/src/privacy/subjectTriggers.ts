import { isObjectType, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';
import type { PossibleTypes } from './possibleTypes.ts';
import type { PlanSubjectOptions } from './subjectSelections.ts';
import type { PlanOccurrence, SubjectTrigger } from './types.ts';

/** Which records of a plan are data subjects, and what makes every record below a field one. */
export class SubjectTriggers {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly subjects: PlanSubjectOptions,
    private readonly possible: PossibleTypes,
  ) {}

  /** Whether records of this type (or one it can be) are data subjects. */
  holds(type: GraphQLCompositeType): boolean {
    const subjects = this.subjects;
    for (const name of this.possible.of(type)) {
      if (subjects.types) {
        if (subjects.types.includes(name) || subjects.via?.[name] !== undefined) return true;
        continue;
      }
      const candidate = this.schema.getType(name);
      if (isObjectType(candidate) && candidate.getFields()[subjects.idField ?? 'id'] !== undefined) return true;
    }
    return false;
  }

  /**
   * What makes every record below a field a data subject: the field is PII the caller was given
   * (its records are disclosed by being returned), or its arguments read fields (the records were
   * chosen by them). It reaches the first position below that holds subject records.
   */
  below(position: { readonly baseType: GraphQLCompositeType; readonly always?: SubjectTrigger }, returnsPii: boolean, site: number | undefined): SubjectTrigger | undefined {
    const passed = position.always && !this.holds(position.baseType) ? position.always : undefined;
    if (!returnsPii && site === undefined) return passed;
    return { pii: returnsPii || (passed?.pii ?? false), sites: [...(passed?.sites ?? []), ...(site === undefined ? [] : [site])] };
  }

  /** The concrete types at a position whose returned PII makes the record a data subject. */
  types(baseType: GraphQLCompositeType, always: SubjectTrigger | undefined, subjectFields: readonly PlanOccurrence[]): ReadonlySet<string> {
    const all = this.possible.of(baseType);
    if (always) return all;
    const types = new Set<string>();
    for (const occurrence of subjectFields) {
      if (!occurrence.typeCondition) return all;
      for (const name of occurrence.typeCondition) types.add(name);
    }
    return types;
  }
}
