import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { readPiiAnnotations, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import { keepApolloTelemetryOff } from '../deployment/apolloTelemetry.ts';
import { checkPurpose } from '../auth/checkPurpose.ts';
import { checkArguments, compilePrivacyPlan, decisionsFor, explainPlan, PrivacyPlanError, type ArgumentRead, type FieldDecisionSummary } from '../privacy/index.ts';
import { operationFields } from './operationFields.ts';

/** The schema side of an explanation: built once per supergraph, as the gateway builds it. */
export interface ExplainSchema {
  /** The API schema (what callers query), as `@apollo/gateway` builds it from the supergraph. */
  apiSchema: GraphQLSchema;
  /** The `@pii` annotations read from the supergraph SDL. */
  piiIndex: PiiIndex;
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Builds the API schema and PII index of a supergraph SDL: the same two the gateway plans with
 * (an `ApolloGateway` loads the static supergraph; nothing is fetched). Rejects an invalid one.
 */
export async function explainSchema(supergraphSdl: string): Promise<ExplainSchema> {
  const piiIndex = readPiiAnnotations(supergraphSdl);
  keepApolloTelemetryOff();
  const gateway = new ApolloGateway({ supergraphSdl, logger: SILENT });
  try {
    const { schema } = await gateway.load();
    return { apiSchema: schema, piiIndex };
  } finally {
    await gateway.stop().catch(() => {});
  }
}

/** Options of {@link explainOperation}. */
export interface ExplainOperationOptions {
  schema: ExplainSchema;
  policy: CompiledPolicy;
  /** The operation's source text. */
  source: string;
  role: string;
  purpose: string;
  /** The operation to explain when the document has several. Default: the only one. */
  operationName?: string;
  /** The variables, for arguments that read fields through them. Default: none. */
  variables?: Record<string, unknown>;
}

/** One selected field and what the caller would receive for it. */
export interface ExplainedField {
  /** Response path, e.g. `people.nodes.email`. */
  path: string;
  /** The field's own coordinate. */
  coordinate: string;
  pii: boolean;
  /** The annotated coordinate whose decision applies (differs from `coordinate` when inherited). */
  decidedBy?: string;
  category?: string;
  /** `allow`, `mask`, `deny`, or `none` for a field that is not personal information. */
  effect: 'allow' | 'mask' | 'deny' | 'none';
  strategy?: string;
  reason?: string;
  rule?: string;
  condition?: { consent: string };
  /** Set when an enclosing field is withheld (its response path): the caller gets no key here at all. */
  insideWithheld?: string;
  /** What the caller gets: `value`, `masked (strategy)`, `null`, … */
  receives: string;
}

export interface OperationExplanation {
  policyVersion: string;
  role: string;
  purpose: string;
  operationName: string | null;
  fields: ExplainedField[];
  /** How many PII field selections are withheld (denied). */
  withheld: number;
  /** Coordinates that strict mode would reject the operation for. */
  strictDenied: string[];
  /** Every argument or input field that reads a field (`@piiReads`), with the decision on what it reads. */
  arguments: ArgumentRead[];
  /** The arguments that refuse the whole operation (`ARGUMENT_NOT_PERMITTED`), in any mode. */
  refusedArguments: ArgumentRead[];
}

export type ExplainResult = { value: OperationExplanation } | { errors: string[] };

/**
 * Explains an operation for a role and purpose with the gateway's own planner
 * (`compilePrivacyPlan` + `decide`, summarised by `explainPlan`): never a second engine.
 */
export function explainOperation(options: ExplainOperationOptions): ExplainResult {
  const { policy, role, purpose } = options;
  if (!policy.hasRole(role)) {
    return { errors: [`Unknown role "${role}". Policy ${policy.version} knows: ${[...policy.roles.keys()].join(', ')}.`] };
  }
  const stated = checkPurpose(policy, role, purpose);
  if ('refused' in stated) return { errors: [stated.refused.message] };

  const { apiSchema, piiIndex } = options.schema;
  let document: DocumentNode;
  try {
    document = parse(options.source);
  } catch (err) {
    return { errors: [`The operation does not parse: ${describe(err)}`] };
  }
  const invalid = validate(apiSchema, document);
  if (invalid.length > 0) return { errors: invalid.map((e) => `The operation is invalid: ${describe(e)}`) };
  const operation = getOperationAST(document, options.operationName);
  if (!operation) {
    return { errors: [options.operationName ? `The document has no operation named ${options.operationName}.` : 'The document has several operations: name one with --operation.'] };
  }

  let plan;
  try {
    plan = compilePrivacyPlan({
      schema: apiSchema,
      document,
      operationName: options.operationName ?? null,
      piiIndex,
      ...decisionsFor(policy, { role, purpose: stated.purpose }, piiIndex),
      subjects: false,
    });
  } catch (err) {
    if (err instanceof PrivacyPlanError) return { errors: [err.message] };
    throw err;
  }
  const args = checkArguments(plan, options.variables ?? {});
  const explained = explainPlan(plan, args);
  const byPath = new Map<string, FieldDecisionSummary[]>();
  for (const decision of explained.fields) {
    const key = decision.path.join('.');
    byPath.set(key, [...(byPath.get(key) ?? []), decision]);
  }

  const withheldPaths: string[] = [];
  const fields: ExplainedField[] = [];
  for (const field of operationFields(apiSchema, document, operation)) {
    const path = field.path.join('.');
    const under = withheldPaths.find((p) => path.startsWith(`${p}.`));
    if (under) {
      fields.push({ path, coordinate: field.coordinate, pii: false, effect: 'none', insideWithheld: under, receives: `nothing (inside withheld ${under})` });
      continue;
    }
    const candidates = byPath.get(path);
    const decision = candidates?.find((d) => d.coordinate === field.coordinate) ?? candidates?.[0];
    if (!decision) {
      fields.push({ path, coordinate: field.coordinate, pii: false, effect: 'none', receives: 'value (not personal information)' });
      continue;
    }
    if (decision.effect === 'deny' && !decision.condition) withheldPaths.push(path);
    fields.push({
      path,
      coordinate: field.coordinate,
      pii: true,
      ...(decision.coordinate !== field.coordinate ? { decidedBy: decision.coordinate } : {}),
      category: decision.category,
      effect: decision.effect,
      ...(decision.strategy ? { strategy: decision.strategy } : {}),
      reason: decision.reason,
      rule: decision.rule,
      ...(decision.condition ? { condition: { consent: decision.condition.consent } } : {}),
      receives: receives(decision, decision.coordinate !== field.coordinate),
    });
  }
  return {
    value: {
      policyVersion: policy.version,
      role,
      purpose,
      operationName: operation.name?.value ?? null,
      fields,
      withheld: explained.withheld,
      strictDenied: [...new Set(plan.deniedRequested.map((d) => d.coordinate))],
      arguments: [...args.reads],
      refusedArguments: [...args.refused],
    },
  };
}

function receives(decision: FieldDecisionSummary, inherited: boolean): string {
  if (decision.condition) {
    const value = decision.effect === 'mask' ? `masked (${decision.strategy ?? 'redact'})` : 'value';
    return `${value} if the record's consents.${decision.condition.consent} is true, else null`;
  }
  if (decision.effect === 'deny') return 'null';
  if (decision.effect === 'mask') return inherited ? `masked with ${decision.coordinate} (${decision.strategy ?? 'redact'})` : `masked (${decision.strategy ?? 'redact'})`;
  return 'value';
}

function describe(err: unknown): string {
  if (err instanceof GraphQLError) {
    const at = err.locations?.map((l) => `${l.line}:${l.column}`).join(', ');
    return at ? `${err.message} (at ${at})` : err.message;
  }
  return (err as Error).message;
}
