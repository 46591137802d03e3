import type { IncludeCondition, PlanField, PlanKeyGroup, PlanNode, PlanOccurrence, PlanSubject, ReturnedField } from './types.ts';

/** A field occurrence without empty optional parts. */
export function occurrenceOf(
  responseKey: string,
  typeCondition: ReadonlySet<string> | undefined,
  conditions: readonly IncludeCondition[],
): PlanOccurrence {
  if (typeCondition === undefined) return conditions.length ? { responseKey, conditions } : { responseKey };
  return conditions.length ? { responseKey, typeCondition, conditions } : { responseKey, typeCondition };
}

interface Entry {
  readonly field: PlanField;
  /** Nothing to do below: kept only beside an active occurrence of the same response key. */
  readonly passive: boolean;
}

/** Collects the response-side plan of one selection set while the compiler walks it. */
export class PlanNodeBuilder {
  private readonly groups = new Map<string, Entry[]>();
  private readonly order: PlanOccurrence[] = [];
  /** Occurrences of PII fields returned here (own annotations): this object is a data subject. */
  readonly subjectFields: PlanOccurrence[] = [];
  /** Returned PII fields (own annotations), for the audit's list of what came back with data. */
  readonly returnedFields: ReturnedField[] = [];
  private withholds = false;
  private typed = false;

  /** Every field occurrence, in document order (to put withheld keys back in place). */
  occurrence(occurrence: PlanOccurrence): void {
    this.order.push(occurrence);
  }

  /** A field with an action (withhold, mask, or descend to one). */
  add(field: PlanField): void {
    this.push({ field, passive: false });
    if (field.action === 'withhold') this.withholds = true;
    if (field.typeCondition) this.typed = true;
  }

  /** A composite field with nothing to do below it; `children` is its `passiveNode()`. */
  addPassive(occurrence: PlanOccurrence, coordinate: string, children: PlanNode): void {
    this.push({ field: { ...occurrence, action: 'descend', coordinate, children }, passive: true });
  }

  /** Whether applying this node needs the object's concrete type. */
  needsTypename(withSubject: boolean): boolean {
    if (this.typed) return true;
    if (this.withholds && this.order.some((o) => o.typeCondition)) return true;
    return withSubject && this.subjectFields.some((o) => o.typeCondition);
  }

  /** The node, or undefined when there is nothing to do at this position. */
  build(stripTypename: boolean, subject: Omit<PlanSubject, 'fields'> | undefined): PlanNode | undefined {
    const groups: PlanKeyGroup[] = [];
    const passiveGroups: PlanKeyGroup[] = [];
    for (const [responseKey, entries] of this.groups) {
      const group = { responseKey, fields: entries.map((e) => e.field) };
      if (entries.some((e) => !e.passive)) groups.push(group);
      else passiveGroups.push(group);
    }
    const returned = this.returnedFields.length > 0 ? this.returnedFields : undefined;
    if (groups.length === 0 && !stripTypename && !subject && !returned) return undefined;
    return {
      groups,
      ...(passiveGroups.length ? { passiveGroups } : {}),
      stripTypename,
      order: this.order,
      ...(subject ? { subject: { fields: this.subjectFields, ...subject } } : {}),
      ...(returned ? { returned } : {}),
    };
  }

  /** The order-only tree of a selection set with nothing to do (walked only if merged with an active one). */
  passiveNode(): PlanNode {
    const passiveGroups = [...this.groups].map(([responseKey, entries]) => ({ responseKey, fields: entries.map((e) => e.field) }));
    return { groups: [], ...(passiveGroups.length ? { passiveGroups } : {}), stripTypename: false, order: this.order };
  }

  private push(entry: Entry): void {
    const group = this.groups.get(entry.field.responseKey);
    if (group) group.push(entry);
    else this.groups.set(entry.field.responseKey, [entry]);
  }
}

/** The occurrence, narrowed to the types whose own annotation makes the record a data subject. */
export function subjectOccurrence(occurrence: PlanOccurrence, ownTypes: ReadonlySet<string> | undefined): PlanOccurrence {
  if (!ownTypes) return occurrence;
  const within = occurrence.typeCondition;
  const typeCondition = within ? new Set([...ownTypes].filter((t) => within.has(t))) : ownTypes;
  return occurrenceOf(occurrence.responseKey, typeCondition, occurrence.conditions ?? []);
}
