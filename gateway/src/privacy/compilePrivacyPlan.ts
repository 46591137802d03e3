import { createHash } from 'node:crypto';
import { getOperationAST, Kind, print, valueFromASTUntyped, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Decision, PiiIndex } from '@confero/directives';
import { PlanCompiler } from './planCompiler.ts';
import { PrivacyPlanError } from './privacyPlanError.ts';
import type { PlanSubjectOptions } from './subjectSelections.ts';
import type { DecideField, DecideRead, DecideUntagged, PrivacyPlan } from './types.ts';

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

  const decideRead = options.decideRead ?? defaultDecideRead(options.piiIndex, options.decideField);
  const compiler = new PlanCompiler({ ...options, decideRead }, operation);
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

