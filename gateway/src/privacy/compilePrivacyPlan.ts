import { createHash } from 'node:crypto';
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isNonNullType,
  isObjectType,
  Kind,
  print,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { booleanVariableDefaults, readIncludeConditions } from './includeConditions.ts';
import { occurrenceOf, PlanNodeBuilder } from './planNodeBuilder.ts';
import { PlanSummaries, type ReturnedAs } from './planSummaries.ts';
import { PrivacyPlanError } from './privacyPlanError.ts';
import { aliasedField, collectAliases, collectVariables, fieldDefinition, reservedResponseKey } from './selectionHelpers.ts';
import { FieldDecider, type EffectiveDecision } from './resolveFieldDecision.ts';
import { subjectSelections, type PlanSubjectOptions } from './subjectSelections.ts';
import { declaredReads, type Decision, type PiiIndex, type ReadsLookup } from '@confero/directives';
import type {
  ArgumentSite,
  DecideField,
  DecideRead,
  DecideUntagged,
  IncludeCondition,
  PlanNode,
  PlanOccurrence,
  PrivacyPlan,
  ReadDecision,
  SubjectTrigger,
} from './types.ts';

export type { PrivacyPlan } from './types.ts';
export type { PlanSubjectOptions } from './subjectSelections.ts';

export interface CompilePrivacyPlanOptions {
  /** The gateway's API schema (no directive applications needed). */
  schema: GraphQLSchema;
  /** The parsed, validated document. */
  document: DocumentNode;
  /** The operation to plan. Default null: the document's only operation. */
  operationName?: string | null;
  /** Where `@pii` annotations come from (read from the supergraph SDL). */
  piiIndex: PiiIndex;
  /** The caller's decision function (role and purpose bound). */
  decideField: DecideField;
  /** Decides fields without `@pii` (a closed-world role gets only what its grant names); undefined: not personal. Default: none. */
  decideUntagged?: DecideUntagged;
  /**
   * Decides a read named by `@piiReads` (an argument's, or a field's record choice). Default: a
   * `@pii` field is permitted only where `decideField` allows it in full; any other field is.
   */
  decideRead?: DecideRead;
  /** Collect the ids of records whose PII is returned (`applyPrivacyPlan(...).subjects`); false turns it off. Default `{ idField: 'id' }`. */
  subjects?: PlanSubjectOptions | false;
  /** Most selections visited with fragments expanded before `PII_PLAN_TOO_LARGE`. Default 50000. */
  maxSelections?: number;
}

/** The walk's state for one object position in the response (one selection set and its fragments). */
interface Position {
  readonly baseType: GraphQLCompositeType;
  readonly inherited: EffectiveDecision | undefined;
  /** Under a masked field: its mask covers the fields that merely inherit its annotation. */
  readonly covered: boolean;
  readonly path: readonly string[];
  readonly builder: PlanNodeBuilder;
  /** Every record here is a data subject when it comes back (records a PII field or a reading argument chose). */
  readonly always?: SubjectTrigger;
}

/** The walk's state inside (possibly nested) fragments at one position. */
interface FragmentScope {
  readonly parentType: GraphQLCompositeType;
  /** Concrete types the enclosing fragments narrow to; undefined: every type of the position. */
  readonly possible: ReadonlySet<string> | undefined;
  readonly conditions: readonly IncludeCondition[];
}

/**
 * Compiles the privacy plan of one operation for one caller: the document to execute, without
 * denied fields (fragments inlined, so no fragment can carry a field past the check), and the
 * tree `applyPrivacyPlan` walks to restore, mask and report. Pure; cache the result per
 * (operation, role, purpose, policy version, schema).
 */
export function compilePrivacyPlan(options: CompilePrivacyPlanOptions): PrivacyPlan {
  const { schema, document } = options;
  const operationName = options.operationName ?? null;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    throw new PrivacyPlanError('PII_PLAN_NO_OPERATION', `compilePrivacyPlan: no operation ${operationName ?? '(unnamed)'} to plan.`);
  }
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new PrivacyPlanError('PII_PLAN_UNKNOWN_TYPE', `compilePrivacyPlan: the schema has no ${operation.operation} type.`);

  const compiler = new PlanCompiler(options, operation);
  const compiled = compiler.compile(rootType);
  const unchanged = !compiler.rewritten;
  const passThrough = unchanged && !compiler.walks;
  const planned: DocumentNode = unchanged ? document : { kind: Kind.DOCUMENT, definitions: [compiled.operation] };
  const source = print(planned);
  return {
    operationName,
    operationType: operation.operation,
    document: planned,
    source,
    queryHash: createHash('sha256').update(source).digest('hex'),
    unchanged,
    passThrough,
    executable: compiled.executable,
    ...compiler.summaries.finish(),
    root: compiled.root,
    typenameKey: compiler.typenameKey,
    subjectKey: compiler.subjectKey,
    subjectViaKey: compiler.subjectViaKey,
    argumentSites: compiler.sites,
    readDecisions: compiler.readDecisions,
    readsLookup: compiler.lookup,
    variableDefaults: Object.fromEntries(
      (operation.variableDefinitions ?? []).filter((v) => v.defaultValue).map((v) => [v.variable.name.value, valueFromASTUntyped(v.defaultValue!)]),
    ),
  };
}

/** The default read decision: a `@pii` field only where the caller gets it in full; other fields freely. */
function defaultDecideRead(piiIndex: PiiIndex, decideField: DecideField): DecideRead {
  return (coordinate) => {
    const dot = coordinate.indexOf('.');
    const annotation = piiIndex.fieldAnnotation(coordinate.slice(0, dot), coordinate.slice(dot + 1));
    const decision: Decision = annotation ? decideField(annotation, coordinate) : { effect: 'allow', reason: 'NOT_PERSONAL', rule: 'untagged' };
    return { coordinate, decision, permitted: decision.effect === 'allow' };
  };
}

class PlanCompiler {
  readonly summaries = new PlanSummaries();
  readonly typenameKey: string;
  readonly subjectKey: string;
  readonly subjectViaKey: string;
  /** Something was pruned, masked or added: the document is the planned one, not the caller's. */
  rewritten = false;
  /** The result needs walking even if the document is the caller's: subject ids are read from the caller's own selections. */
  walks = false;
  private readonly schema: GraphQLSchema;
  private readonly decider: FieldDecider;
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly activeFragments = new Set<string>();
  private readonly defaults: Map<string, boolean>;
  private readonly possibleCache = new Map<string, ReadonlySet<string>>();
  private readonly subjects: PlanSubjectOptions | false;
  private budget: number;
  /** Variables used by what is kept (the others' definitions are dropped: unused ones are invalid). */
  private readonly usedVariables = new Set<string>();
  readonly sites: ArgumentSite[] = [];
  readonly readDecisions = new Map<string, ReadDecision>();
  readonly lookup: ReadsLookup;
  private readonly decideRead: DecideRead;

  constructor(
    options: CompilePrivacyPlanOptions,
    private readonly operation: OperationDefinitionNode,
  ) {
    this.schema = options.schema;
    const { piiIndex } = options;
    this.decideRead = options.decideRead ?? defaultDecideRead(piiIndex, options.decideField);
    this.decider = new FieldDecider(options.schema, piiIndex, options.decideField, options.decideUntagged, this.decideRead);
    this.lookup = piiIndex;
    this.defaults = booleanVariableDefaults(operation);
    this.budget = options.maxSelections ?? 50_000;
    this.subjects = options.subjects === false ? false : (options.subjects ?? {});
    for (const definition of options.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
    const aliases = collectAliases(options.document);
    this.typenameKey = reservedResponseKey('__pii_typename', aliases);
    this.subjectKey = reservedResponseKey('__pii_subject', aliases);
    this.subjectViaKey = reservedResponseKey('__pii_subject_via', aliases);
  }

  compile(rootType: GraphQLCompositeType): { operation: OperationDefinitionNode; root: PlanNode; executable: boolean } {
    const position: Position = { baseType: rootType, inherited: undefined, covered: false, path: [], builder: new PlanNodeBuilder() };
    const selections = this.walkSelections(this.operation.selectionSet, { parentType: rootType, possible: undefined, conditions: [] }, position);
    const executable = selections.length > 0;
    const root = this.finishPosition(position, selections) ?? { groups: [], stripTypename: false, order: [] };
    const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
    const used = this.usedVariables;
    collectVariables(undefined, this.operation.directives, used);
    const operation: OperationDefinitionNode = {
      ...this.operation,
      variableDefinitions: this.operation.variableDefinitions?.filter((v) => used.has(v.variable.name.value)),
      selectionSet,
    };
    return { operation, root, executable };
  }

  private walkSelections(selectionSet: SelectionSetNode, scope: FragmentScope, position: Position): SelectionNode[] {
    const out: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if (--this.budget < 0) {
        throw new PrivacyPlanError('PII_PLAN_TOO_LARGE', 'compilePrivacyPlan: the operation has too many selections with its fragments expanded.');
      }
      let planned: SelectionNode | null;
      if (selection.kind === Kind.FIELD) {
        planned = this.visitField(selection, scope, position);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        planned = this.visitFragment(selection.typeCondition, selection.directives, selection.selectionSet, scope, position);
      } else {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        if (!fragment) throw new PrivacyPlanError('PII_PLAN_UNKNOWN_FRAGMENT', `compilePrivacyPlan: fragment ${name} is not defined.`);
        if (this.activeFragments.has(name)) throw new PrivacyPlanError('PII_PLAN_FRAGMENT_CYCLE', `compilePrivacyPlan: fragment ${name} spreads itself.`);
        this.activeFragments.add(name);
        planned = this.visitFragment(fragment.typeCondition, selection.directives, fragment.selectionSet, scope, position);
        this.activeFragments.delete(name);
      }
      if (planned) out.push(planned);
    }
    return out;
  }

  /** An inline fragment, or a spread inlined with its type condition and the spread's directives. */
  private visitFragment(
    typeCondition: NamedTypeNode | undefined,
    directives: readonly DirectiveNode[] | undefined,
    selectionSet: SelectionSetNode,
    scope: FragmentScope,
    position: Position,
  ): InlineFragmentNode | null {
    let parentType = scope.parentType;
    if (typeCondition) {
      const type = this.schema.getType(typeCondition.name.value);
      if (!type || !isCompositeType(type)) {
        throw new PrivacyPlanError('PII_PLAN_UNKNOWN_TYPE', `compilePrivacyPlan: ${typeCondition.name.value} is not a composite type.`);
      }
      parentType = type;
    }
    const inner: FragmentScope = {
      parentType,
      possible: this.narrow(position.baseType, scope, parentType),
      conditions: concat(scope.conditions, readIncludeConditions(directives, this.defaults)),
    };
    const selections = this.walkSelections(selectionSet, inner, position);
    if (selections.length === 0) return null;
    collectVariables(undefined, directives, this.usedVariables);
    return { kind: Kind.INLINE_FRAGMENT, typeCondition, directives, selectionSet: { kind: Kind.SELECTION_SET, selections } };
  }

  private visitField(node: FieldNode, scope: FragmentScope, position: Position): FieldNode | null {
    const responseKey = node.alias?.value ?? node.name.value;
    const occurrence = occurrenceOf(responseKey, scope.possible, concat(scope.conditions, readIncludeConditions(node.directives, this.defaults)));
    position.builder.occurrence(occurrence);
    const fieldName = node.name.value;
    if (fieldName === '__typename') {
      collectVariables(undefined, node.directives, this.usedVariables);
      return node;
    }
    const definition = fieldDefinition(this.schema, scope.parentType, fieldName);
    if (!definition) {
      throw new PrivacyPlanError('PII_PLAN_UNKNOWN_FIELD', `compilePrivacyPlan: ${scope.parentType.name}.${fieldName} is not in the schema.`);
    }
    const path = [...position.path, responseKey];
    const effective = this.decider.resolve(scope.parentType, fieldName, scope.possible, position.inherited);
    let mask: EffectiveDecision | undefined;
    if (effective) {
      const { decision, coordinate, annotation } = effective;
      if (decision.effect === 'deny' && !decision.condition) {
        position.builder.add({ ...occurrence, action: 'withhold', coordinate, category: annotation.category, reason: decision.reason, rule: decision.rule });
        this.summaries.withhold(path, effective, isNonNullType(definition.type));
        this.rewritten = true;
        return null;
      }
      if (decision.effect === 'mask' && (!position.covered || effective.own)) mask = effective;
      this.summaries.returned(path, effective, returnedAs(effective, mask, position.covered));
      if (effective.own) {
        position.builder.subjectFields.push(subjectOccurrence(occurrence, effective.ownTypes));
        if (this.subjects) position.builder.returnedFields.push({ ...subjectOccurrence(occurrence, effective.ownTypes), coordinate: effective.coordinate, category: effective.annotation.category });
      }
    }

    collectVariables(node.arguments, node.directives, this.usedVariables);
    const site = this.argumentSite(node, scope.parentType.name, definition.args, path, occurrence);
    let planned: FieldNode = node;
    let children: PlanNode | undefined;
    let passive: PlanNode | undefined;
    if (node.selectionSet) {
      const baseType = getNamedType(definition.type) as GraphQLCompositeType;
      const child: Position = {
        baseType,
        inherited: effective ?? position.inherited,
        covered: position.covered || mask !== undefined,
        path,
        builder: new PlanNodeBuilder(),
        always: this.childTrigger(position, effective?.own === true, site),
      };
      const selections = this.walkSelections(node.selectionSet, { parentType: baseType, possible: undefined, conditions: [] }, child);
      children = this.finishPosition(child, selections);
      if (!children) passive = child.builder.passiveNode();
      planned = { ...node, selectionSet: { ...node.selectionSet, selections } };
    }
    if (mask) {
      const { coordinate, annotation, decision } = mask;
      const strategy = decision.strategy ?? 'redact';
      position.builder.add({ ...occurrence, action: 'mask', coordinate, category: annotation.category, strategy, rule: decision.rule, ...(children ? { children } : {}) });
      this.rewritten = true; // executed as planned (fragments inlined), like every plan that changes the result
    } else if (children) {
      position.builder.add({ ...occurrence, action: 'descend', coordinate: `${scope.parentType.name}.${fieldName}`, children });
    } else if (passive) {
      position.builder.addPassive(occurrence, `${scope.parentType.name}.${fieldName}`, passive);
    }
    return planned;
  }

  /**
   * Records a field application whose arguments may read fields (`@piiReads`), with the caller's
   * decision on each field they may read; `checkArguments` decides it per request.
   */
  private argumentSite(node: FieldNode, typeName: string, definitions: readonly GraphQLArgument[], path: readonly string[], occurrence: PlanOccurrence): number | undefined {
    if (definitions.length === 0) return undefined;
    const reads = declaredReads(this.lookup, typeName, node.name.value, definitions);
    if (reads.size === 0) return undefined;
    for (const coordinate of reads) if (!this.readDecisions.has(coordinate)) this.readDecisions.set(coordinate, this.decideRead(coordinate));
    const index = this.sites.length;
    this.sites.push({
      index,
      path,
      typeName,
      fieldName: node.name.value,
      arguments: node.arguments ?? [],
      definitions,
      ...(occurrence.conditions ? { conditions: occurrence.conditions } : {}),
    });
    this.summaries.readsArguments();
    return index;
  }

  /**
   * What makes every record below a field a data subject: the field is PII the caller was given
   * (its records are disclosed by being returned), or its arguments read fields (the records were
   * chosen by them). It reaches the first position below that holds subject records.
   */
  private childTrigger(position: Position, returnsPii: boolean, site: number | undefined): SubjectTrigger | undefined {
    if (!this.subjects) return undefined;
    const passed = position.always && !this.holdsSubjects(position.baseType) ? position.always : undefined;
    if (!returnsPii && site === undefined) return passed;
    return { pii: returnsPii || (passed?.pii ?? false), sites: [...(passed?.sites ?? []), ...(site === undefined ? [] : [site])] };
  }

  /** Whether records of this type (or one it can be) are data subjects. */
  private holdsSubjects(type: GraphQLCompositeType): boolean {
    const subjects = this.subjects;
    if (!subjects) return false;
    for (const name of this.possibleNames(type)) {
      if (subjects.types) {
        if (subjects.types.includes(name) || subjects.via?.[name] !== undefined) return true;
        continue;
      }
      const candidate = this.schema.getType(name);
      if (isObjectType(candidate) && candidate.getFields()[subjects.idField ?? 'id'] !== undefined) return true;
    }
    return false;
  }

  /** Adds the planner's own selections (subject id, typename, placeholder) and builds the node. */
  private finishPosition(position: Position, selections: SelectionNode[]): PlanNode | undefined {
    const placeholder = selections.length === 0;
    const always = position.always && this.holdsSubjects(position.baseType) ? position.always : undefined;
    const subject =
      this.subjects && (position.builder.subjectFields.length > 0 || always)
        ? subjectSelections(this.schema, this.subjects, { subjectKey: this.subjectKey, viaKey: this.subjectViaKey }, position.baseType, this.subjectTypes(position), selections, (type, field) =>
            this.decider.resolve(type, field, undefined, position.inherited),
          )
        : undefined;
    if (subject) {
      selections.push(...subject.selections);
      this.walks = true;
    }
    if (position.builder.returnedFields.length > 0) this.walks = true;
    const stripTypename = placeholder || position.builder.needsTypename(subject !== undefined);
    if (stripTypename) selections.push(aliasedField(this.typenameKey, '__typename'));
    if (placeholder || stripTypename || (subject && subject.selections.length > 0)) this.rewritten = true;
    return position.builder.build(stripTypename, subject && { idPaths: subject.idPaths, added: subject.added, ...(always ? { always } : {}) });
  }

  /** The concrete types at a position whose returned PII makes the record a data subject. */
  private subjectTypes(position: Position): ReadonlySet<string> {
    const all = this.possibleNames(position.baseType);
    if (position.always) return all;
    const types = new Set<string>();
    for (const occurrence of position.builder.subjectFields) {
      if (!occurrence.typeCondition) return all;
      for (const name of occurrence.typeCondition) types.add(name);
    }
    return types;
  }

  /** The concrete types for which a fragment on `type` applies at this position, or undefined for all. */
  private narrow(baseType: GraphQLCompositeType, scope: FragmentScope, type: GraphQLCompositeType): ReadonlySet<string> | undefined {
    if (type === scope.parentType) return scope.possible;
    const matching = this.possibleNames(type);
    const current = scope.possible ?? this.possibleNames(baseType);
    let narrowed: Set<string> | undefined;
    for (const name of current) {
      if (matching.has(name)) continue;
      narrowed ??= new Set([...current].filter((n) => matching.has(n)));
      break;
    }
    return narrowed ?? scope.possible;
  }

  private possibleNames(type: GraphQLCompositeType): ReadonlySet<string> {
    let names = this.possibleCache.get(type.name);
    if (!names) {
      names = new Set(isObjectType(type) ? [type.name] : this.schema.getPossibleTypes(type).map((t) => t.name));
      this.possibleCache.set(type.name, names);
    }
    return names;
  }
}

function returnedAs(effective: EffectiveDecision, mask: EffectiveDecision | undefined, covered: boolean): ReturnedAs {
  if (mask) return 'mask';
  if (covered) return 'underMask';
  return effective.decision.condition ? 'conditional' : 'allow';
}

/** The occurrence, narrowed to the types whose own annotation makes the record a data subject. */
function subjectOccurrence(occurrence: PlanOccurrence, ownTypes: ReadonlySet<string> | undefined): PlanOccurrence {
  if (!ownTypes) return occurrence;
  const within = occurrence.typeCondition;
  const typeCondition = within ? new Set([...ownTypes].filter((t) => within.has(t))) : ownTypes;
  return occurrenceOf(occurrence.responseKey, typeCondition, occurrence.conditions ?? []);
}

function concat<T>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b];
}
