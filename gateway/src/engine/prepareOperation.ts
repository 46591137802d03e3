import type { QueryPlanner } from '@graphql-hive/router-query-planner';
import {
  Kind,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { compileHivePlan, type ExecNode } from './compileHivePlan.ts';
import { conditionVariables, type CollectedField } from './collectFields.ts';
import type { TypeConditions } from './typeConditions.ts';

/** An operation ready to run: its compiled plan, what shapes the response, and its introspection part. */
export interface PreparedOperation {
  readonly operation: OperationDefinitionNode;
  /** The compiled query plan; undefined when nothing needs a subgraph (only `__typename` or introspection). */
  readonly plan: ExecNode | undefined;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** The root of the response shape (collected fields cached per runtime type and conditions). */
  readonly root: { type: GraphQLNamedType; cache: Map<string, CollectedField[]>; selectionSets: readonly OperationDefinitionNode['selectionSet'][] };
  /** The variables `@skip`/`@include` read (the shape's cache key is their values). */
  readonly conditionVariables: readonly string[];
  /** The root `__schema` / `__type` fields, as a document the API schema answers itself. */
  readonly introspection: DocumentNode | undefined;
}

/** What {@link prepareOperation} needs. */
export interface PrepareOperationInput {
  planner: QueryPlanner;
  types: TypeConditions;
  rootType: GraphQLNamedType;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The document's source text, when it is the document's own (saves printing it). */
  source: string | undefined;
}

/**
 * Plans an operation with the Hive planner and compiles the plan. Root introspection fields
 * (`__schema`, `__type`) are left out of what is planned (the planner does not take them) and
 * answered from the API schema; an operation that selects nothing but those and `__typename`
 * at its root sends nothing to the subgraphs.
 */
export function prepareOperation(input: PrepareOperationInput): PreparedOperation {
  const { document, operation } = input;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const rootSelections = operation.selectionSet.selections;
  const isIntrospection = (s: SelectionNode) => s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type');
  const isTypename = (s: SelectionNode) => s.kind === Kind.FIELD && s.name.value === '__typename';
  const introspectionFields = rootSelections.filter(isIntrospection);
  const planned = rootSelections.filter((s) => !isIntrospection(s));
  let plan: ExecNode | undefined;
  if (!planned.every(isTypename)) {
    const source =
      introspectionFields.length === 0 && input.source !== undefined
        ? input.source
        : print({ kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet: { ...operation.selectionSet, selections: planned } }, ...Object.values(fragments)] });
    plan = compileHivePlan(input.planner.plan(source, operation.name?.value ?? null, new Set(), 0), input.types);
  }
  const introspection: DocumentNode | undefined =
    introspectionFields.length === 0
      ? undefined
      : { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet: { ...operation.selectionSet, selections: introspectionFields } }, ...Object.values(fragments)] };
  return {
    operation,
    plan,
    fragments,
    root: { type: input.rootType, cache: new Map(), selectionSets: [operation.selectionSet] },
    conditionVariables: conditionVariables([operation.selectionSet], fragments),
    introspection,
  };
}
