import { isIncluded } from './includeConditions.ts';
import type { MaskField, MaskFn, PlanField, PlanKeyGroup, PlanNode, PlanOccurrence, PlanSubject, PrivacyExtension, PrivacyPlan, ReturnedField, WithholdField } from './types.ts';

export interface ApplyPrivacyPlanOptions {
  /** Most entries listed per kind in `privacy.withheld` / `privacy.masked` (counts stay exact). Default 100. */
  maxEntries?: number;
  /** Argument sites whose reads this request used (`checkArguments`): the records they chose are data subjects. Default: none. */
  sitesUsed?: ReadonlySet<number>;
}

export interface ApplyPrivacyPlanResult<T> {
  /** The result in the caller's shape: withheld fields `null`, masked fields transformed, planner keys gone. */
  data: T;
  /** For `extensions.privacy`. */
  privacy: PrivacyExtension;
  /** Ids (`idField` of the plan's subjects option) of the records whose PII was returned, deduplicated. */
  subjects: string[];
  /** The types those ids may be of (each position's subject types where an id was taken), sorted. */
  subjectTypes: string[];
  /** Coordinates of the PII fields that came back with data (not null, not empty), sorted. */
  returned: string[];
  /** Their categories, sorted. */
  categories: string[];
}

type ResponseObject = Record<string, unknown>;

/**
 * Applies a compiled plan to the data the pruned document produced. Mutates `data` in place
 * (objects whose withheld keys need placing are rebuilt in the caller's field order). Walks
 * only the plan tree and the data; a `passThrough` plan returns the data as it is.
 */
export function applyPrivacyPlan<T>(
  data: T,
  plan: PrivacyPlan,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  maskFn: MaskFn,
  options: ApplyPrivacyPlanOptions = {},
): ApplyPrivacyPlanResult<T> {
  const privacy: PrivacyExtension = { withheld: [], masked: [], withheldCount: 0, maskedCount: 0, truncated: false };
  if (plan.passThrough || data === null || typeof data !== 'object') return { data, privacy, subjects: [], subjectTypes: [], returned: [], categories: [] };
  const run = new Application(plan, variables ?? {}, maskFn, privacy, options.maxEntries ?? 100, options.sitesUsed ?? NO_SITES);
  const out = run.walkObject(data as ResponseObject, [plan.root]);
  return { data: out as T, privacy, subjects: [...run.subjects], subjectTypes: [...run.subjectTypes].sort(), returned: [...run.returned].sort(), categories: [...run.categories].sort() };
}

const NO_SITES: ReadonlySet<number> = new Set();

class Application {
  readonly subjects = new Set<string>();
  readonly subjectTypes = new Set<string>();
  readonly returned = new Set<string>();
  readonly categories = new Set<string>();
  /** Response path of the value being walked (concrete: keys and list indices). */
  private readonly path: Array<string | number> = [];
  private readonly typenameKey: string;
  private readonly subjectKey: string;
  private readonly subjectViaKey: string;

  constructor(
    plan: PrivacyPlan,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly maskFn: MaskFn,
    private readonly privacy: PrivacyExtension,
    private readonly maxEntries: number,
    private readonly sitesUsed: ReadonlySet<number>,
  ) {
    this.typenameKey = plan.typenameKey;
    this.subjectKey = plan.subjectKey;
    this.subjectViaKey = plan.subjectViaKey;
  }

  walkObject(obj: ResponseObject, nodes: readonly PlanNode[]): ResponseObject {
    let strip = false;
    let subject: PlanSubject | undefined;
    for (const node of nodes) {
      if (node.stripTypename) strip = true;
      if (node.subject) subject ??= node.subject;
    }
    const typename = strip ? obj[this.typenameKey] : undefined;
    const concreteType = typeof typename === 'string' ? typename : undefined;
    // Read before the fields are applied: a mask or a rebuilt object must not hide the id.
    const subjectId = subject ? this.subjectId(obj, nodes) : undefined;
    for (const node of nodes) if (node.returned) this.collectReturned(obj, node.returned, concreteType);
    let placed = false;
    const groups = nodes.length === 1 ? nodes[0].groups : mergeGroups(nodes);
    for (const group of groups) {
      if (this.applyGroup(obj, group, concreteType)) placed = true;
    }
    if (subjectId !== undefined) this.collectSubject(obj, subjectId, nodes, concreteType);
    if (placed) return this.reorder(obj, nodes, concreteType);
    if (strip) delete obj[this.typenameKey];
    if (subject) for (const node of nodes) for (const key of node.subject?.added ?? []) delete obj[key];
    return obj;
  }

  /** Returns true when a withheld key was put back (the object needs reordering). */
  private applyGroup(obj: ResponseObject, group: PlanKeyGroup, concreteType: string | undefined): boolean {
    let withhold: WithholdField | undefined;
    let mask: MaskField | undefined;
    let children: PlanNode | PlanNode[] | undefined;
    for (const field of group.fields) {
      if (!this.applies(field, concreteType)) continue;
      if (field.action === 'withhold') withhold ??= field;
      else {
        if (field.action === 'mask') mask ??= field;
        if (field.children) children = children === undefined ? field.children : [...toArray(children), field.children];
      }
    }
    const key = group.responseKey;
    if (!Object.hasOwn(obj, key)) {
      if (!withhold) return false;
      setKey(obj, key, null);
      this.recordWithheld(key, withhold);
      return true;
    }
    let value = obj[key];
    if (value === null || value === undefined) return false;
    if (children !== undefined) {
      this.path.push(key);
      const walked = this.walkValue(value, toArray(children));
      this.path.pop();
      if (walked !== value) setKey(obj, key, (value = walked));
    }
    if (mask) {
      setKey(obj, key, this.maskFn(value, mask.strategy, mask.coordinate));
      this.recordMasked(key, mask);
    }
    return false;
  }

  private walkValue(value: unknown, nodes: readonly PlanNode[]): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value)) return this.walkObject(value as ResponseObject, nodes);
    for (let i = 0; i < value.length; i += 1) {
      this.path.push(i);
      const item = value[i];
      const walked = this.walkValue(item, nodes);
      if (walked !== item) value[i] = walked;
      this.path.pop();
    }
    return value;
  }

  /** An occurrence applies when its type condition admits the object and its `@include`/`@skip` hold. */
  private applies(occurrence: PlanOccurrence, concreteType: string | undefined): boolean {
    // Without a known type (never, with a plan-shaped result) apply everything: the stricter side.
    if (occurrence.typeCondition && concreteType !== undefined && !occurrence.typeCondition.has(concreteType)) return false;
    return isIncluded(occurrence.conditions, this.variables);
  }

  /** The subject's id, from the first id path of the merged nodes that leads to one. */
  private subjectId(obj: ResponseObject, nodes: readonly PlanNode[]): string | undefined {
    for (const node of nodes) {
      for (const path of node.subject?.idPaths ?? []) {
        let value: unknown = obj[path[0]];
        if (path.length === 2) value = value !== null && typeof value === 'object' ? (value as ResponseObject)[path[1]] : undefined;
        if (value !== null && value !== undefined && typeof value !== 'object') return String(value);
      }
    }
    return undefined;
  }

  /** Notes the returned PII fields that carry data here (before masks: the stored value decides). */
  private collectReturned(obj: ResponseObject, returned: readonly ReturnedField[], concreteType: string | undefined): void {
    for (const field of returned) {
      if (this.returned.has(field.coordinate) || !Object.hasOwn(obj, field.responseKey)) continue;
      if (carriesData(obj[field.responseKey]) && this.applies(field, concreteType)) {
        this.returned.add(field.coordinate);
        this.categories.add(field.category);
      }
    }
  }

  /**
   * Counts the record as a data subject when one of its returned PII fields carries data (not
   * null, not an empty list), or whenever it comes back where a PII field or a used reading
   * argument chose it.
   */
  private collectSubject(obj: ResponseObject, id: string, nodes: readonly PlanNode[], concreteType: string | undefined): void {
    for (const node of nodes) {
      const always = node.subject?.always;
      if (always && (always.pii || usesAny(this.sitesUsed, always.sites))) {
        this.addSubject(id, nodes);
        return;
      }
    }
    for (const node of nodes) {
      for (const occurrence of node.subject?.fields ?? []) {
        const value = Object.hasOwn(obj, occurrence.responseKey) ? obj[occurrence.responseKey] : null;
        if (carriesData(value) && this.applies(occurrence, concreteType)) {
          this.addSubject(id, nodes);
          return;
        }
      }
    }
  }

  private addSubject(id: string, nodes: readonly PlanNode[]): void {
    this.subjects.add(id);
    for (const node of nodes) for (const type of node.subject?.types ?? []) this.subjectTypes.add(type);
  }

  /** A copy of `obj` in the caller's field order (first applicable occurrence of each key), without planner keys. */
  private reorder(obj: ResponseObject, nodes: readonly PlanNode[], concreteType: string | undefined): ResponseObject {
    // A plain object (not `Object.create(null)`, which V8 keeps in slow dictionary mode, costly
    // to serialize); `setKey` keeps a `__proto__` response key an own property.
    const out: ResponseObject = {};
    for (const node of nodes) {
      for (const occurrence of node.order) {
        const key = occurrence.responseKey;
        if (Object.hasOwn(out, key) || !Object.hasOwn(obj, key) || !this.applies(occurrence, concreteType)) continue;
        setKey(out, key, obj[key]);
      }
    }
    // The planner's keys never clash with the caller's (`reservedResponseKey`): leave them out.
    for (const key of Object.keys(obj)) {
      if (key !== this.typenameKey && key !== this.subjectKey && key !== this.subjectViaKey && !Object.hasOwn(out, key)) setKey(out, key, obj[key]);
    }
    return out;
  }

  private recordWithheld(key: string, field: WithholdField): void {
    const privacy = this.privacy;
    privacy.withheldCount += 1;
    if (privacy.withheld.length >= this.maxEntries) {
      privacy.truncated = true;
      return;
    }
    privacy.withheld.push({ path: [...this.path, key], coordinate: field.coordinate, category: field.category, reason: field.reason });
  }

  private recordMasked(key: string, field: MaskField): void {
    const privacy = this.privacy;
    privacy.maskedCount += 1;
    if (privacy.masked.length >= this.maxEntries) {
      privacy.truncated = true;
      return;
    }
    privacy.masked.push({ path: [...this.path, key], coordinate: field.coordinate, category: field.category, strategy: field.strategy });
  }
}

/**
 * Response keys merged across the occurrences of one field (as execution merges them), in
 * document order; a key only passive everywhere has nothing to do and is left out.
 */
function mergeGroups(nodes: readonly PlanNode[]): PlanKeyGroup[] {
  const byKey = new Map<string, { fields: PlanField[]; active: boolean }>();
  const add = (group: PlanKeyGroup, active: boolean) => {
    const merged = byKey.get(group.responseKey);
    if (!merged) byKey.set(group.responseKey, { fields: [...group.fields], active });
    else {
      merged.fields.push(...group.fields);
      if (active) merged.active = true;
    }
  };
  for (const node of nodes) {
    for (const group of node.groups) add(group, true);
    for (const group of node.passiveGroups ?? []) add(group, false);
  }
  const groups: PlanKeyGroup[] = [];
  for (const [responseKey, merged] of byKey) if (merged.active) groups.push({ responseKey, fields: merged.fields });
  return groups;
}

/** Whether any of `sites` was used (a loop: a closure over `this` would cost a context on every call). */
function usesAny(used: ReadonlySet<number>, sites: readonly number[]): boolean {
  for (const site of sites) if (used.has(site)) return true;
  return false;
}

/** A value with something in it: not null, and not a list of nothing (`[]`, `[null]`). */
function carriesData(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return Array.isArray(value) ? value.some(carriesData) : true;
}

function toArray(children: PlanNode | PlanNode[]): PlanNode[] {
  return Array.isArray(children) ? children : [children];
}

/** Sets an own data property (also for a response key such as `__proto__`). */
function setKey(obj: ResponseObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
