import {
  getNamedType,
  isCompositeType,
  isNonNullType,
  Kind,
  type DirectiveNode,
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
} from 'graphql';
import { declaredReads, type ReadsLookup } from '@confero/directives';
import type { CompilePrivacyPlanOptions } from './compilePrivacyPlan.ts';
import { booleanVariableDefaults, readIncludeConditions } from './includeConditions.ts';
import { occurrenceOf, PlanNodeBuilder, subjectOccurrence } from './planNodeBuilder.ts';
import { PlanSummaries, returnedAs } from './planSummaries.ts';
import { PossibleTypes } from './possibleTypes.ts';
import { PrivacyPlanError } from './privacyPlanError.ts';
import { aliasedField, collectAliases, collectVariables, fieldDefinition, reservedResponseKey } from './selectionHelpers.ts';
import { FieldDecider, type EffectiveDecision } from './resolveFieldDecision.ts';
import { subjectSelections, type PlanSubjectOptions } from './subjectSelections.ts';
import { SubjectTriggers } from './subjectTriggers.ts';
import type { ArgumentSite, DecideRead, IncludeCondition, PlanNode, PlanOccurrence, ReadDecision, SubjectTrigger } from './types.ts';

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
 * The walk behind `compilePrivacyPlan`: one pass over the operation with its fragments inlined,
 * deciding every field (`FieldDecider`), pruning denied ones, and building the plan's tree.
 */
export class PlanCompiler {
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
  private readonly possible: PossibleTypes;
  private readonly subjects: PlanSubjectOptions | false;
  /** Undefined when the plan collects no subjects. */
  private readonly triggers: SubjectTriggers | undefined;
  private budget: number;
  /** Variables used by what is kept (the others' definitions are dropped: unused ones are invalid). */
  private readonly usedVariables = new Set<string>();
  readonly sites: ArgumentSite[] = [];
  readonly readDecisions = new Map<string, ReadDecision>();
  readonly lookup: ReadsLookup;
  private readonly decideRead: DecideRead;

  constructor(
    options: CompilePrivacyPlanOptions & { decideRead: DecideRead },
    private readonly operation: OperationDefinitionNode,
  ) {
    this.schema = options.schema;
    this.possible = new PossibleTypes(options.schema);
    const { piiIndex } = options;
    this.decideRead = options.decideRead;
    this.decider = new FieldDecider(options.schema, piiIndex, options.decideField, options.decideUntagged, this.decideRead);
    this.lookup = piiIndex;
    this.defaults = booleanVariableDefaults(operation);
    this.budget = options.maxSelections ?? 50_000;
    this.subjects = options.subjects === false ? false : (options.subjects ?? {});
    this.triggers = this.subjects ? new SubjectTriggers(options.schema, this.subjects, this.possible) : undefined;
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
      possible: this.possible.narrow(position.baseType, scope, parentType),
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
        always: this.triggers?.below(position, effective?.own === true, site),
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

  /** Adds the planner's own selections (subject id, typename, placeholder) and builds the node. */
  private finishPosition(position: Position, selections: SelectionNode[]): PlanNode | undefined {
    const placeholder = selections.length === 0;
    const always = position.always && this.triggers?.holds(position.baseType) ? position.always : undefined;
    const subject =
      this.subjects && (position.builder.subjectFields.length > 0 || always)
        ? subjectSelections(this.schema, this.subjects, { subjectKey: this.subjectKey, viaKey: this.subjectViaKey }, position.baseType, this.triggers!.types(position.baseType, position.always, position.builder.subjectFields), selections, (type, field) =>
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
    return position.builder.build(stripTypename, subject && { idPaths: subject.idPaths, added: subject.added, types: subject.types, ...(always ? { always } : {}) });
  }
}

function concat<T>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b];
}
