import type { ExecutionResult, GraphQLSchema, DocumentNode } from 'graphql';
import { conferoError, decide, maskValue, readPiiAnnotations, type Caller, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/auditLog.ts';
import { applyPrivacyPlan, compilePrivacyPlan, PlanCache, PrivacyPlanError, type PlanSubjectOptions, type PrivacyPlan } from './privacy/index.ts';

/** Options of {@link PrivacyEngine}. */
export interface PrivacyEngineOptions {
  policy: CompiledPolicy;
  /** Key of the `hash` mask. */
  hashKey: string;
  /** Reject operations that ask for a denied field. Default false. */
  strict: boolean;
  /** Where PII accesses are recorded; undefined turns auditing off. */
  audit?: AuditLog;
  /** Types whose ids the audit records as data subjects. Default: every type whose PII is returned. */
  auditSubjectTypes?: string[];
  /** Types whose PII is about another record, by the field that leads to it (e.g. `{ Deliverable: 'shopper' }`). Default: none. */
  auditSubjectVia?: Record<string, string>;
  /** Most cached privacy plans. Default 2000. */
  planCacheSize?: number;
  /** Told about applied plans and audit writes (metrics). Default: none. */
  observer?: PrivacyEngineObserver;
  logger: Logger;
}

/** Hooks on the request path (keep them cheap; they must not throw). */
export interface PrivacyEngineObserver {
  /** A plan with PII was applied to an executed operation's result. */
  applied?(plan: PrivacyPlan, caller: Caller): void;
  /** An audit write ended, `ok` or failed, after `seconds`. */
  audited?(seconds: number, ok: boolean): void;
}

export interface PrepareInput {
  schema: GraphQLSchema;
  schemaGeneration: number;
  document: DocumentNode;
  queryHash: string;
  operationName: string | null;
  caller: Caller;
  strict: boolean;
  explain: boolean;
}

export type Prepared =
  | { plan: PrivacyPlan; explain?: undefined }
  | { plan: PrivacyPlan; explain: ReturnType<typeof explainPlan> }
  | { errors: ReturnType<typeof conferoError>[]; status: number };

/**
 * The gateway's privacy work for one request: find or compile the plan for
 * (operation, role, purpose, policy version, schema), then mask, restore and audit the result.
 */
export class PrivacyEngine {
  private piiIndex: PiiIndex | undefined;
  readonly plans: PlanCache<PrivacyPlan>;
  private readonly mask: (value: unknown, strategy: string, coordinate: string) => unknown;
  /** Which records' ids plans collect: only the audit reads them, so none without an audit. */
  private readonly subjects: PlanSubjectOptions | false | undefined;

  constructor(private readonly options: PrivacyEngineOptions) {
    this.plans = new PlanCache(options.planCacheSize ?? 2000);
    this.subjects = !options.audit ? false : { types: options.auditSubjectTypes, via: options.auditSubjectVia };
    const hashKey = options.hashKey;
    this.mask = (value, strategy, coordinate) => maskValue(value, strategy as Parameters<typeof maskValue>[1], { hashKey, coordinate });
  }

  /** The `@pii` annotations of the loaded supergraph (undefined until it is loaded). */
  get pii(): PiiIndex | undefined {
    return this.piiIndex;
  }

  /** Called by the gateway when the supergraph is loaded or updated. */
  onSchema(_apiSchema: GraphQLSchema, supergraphSdl: string): void {
    this.piiIndex = readPiiAnnotations(supergraphSdl);
    this.plans.clear();
  }

  prepare(input: PrepareInput): Prepared {
    const { caller } = input;
    const key = `${input.schemaGeneration}\u0000${caller.role}\u0000${caller.purpose ?? ''}\u0000${input.operationName ?? ''}\u0000${input.queryHash}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const piiIndex = this.piiIndex;
      if (!piiIndex) return { errors: [conferoError('INTERNAL_SERVER_ERROR', 'The supergraph is not loaded yet.')], status: 503 };
      const policy = this.options.policy;
      try {
        plan = compilePrivacyPlan({
          schema: input.schema,
          document: input.document,
          operationName: input.operationName,
          piiIndex,
          decideField: (annotation, coordinate) => decide(policy, { role: caller.role, purpose: caller.purpose, annotation, coordinate }),
          subjects: this.subjects,
        });
      } catch (err) {
        if (!(err instanceof PrivacyPlanError)) throw err;
        const code = err.code === 'PII_PLAN_TOO_LARGE' ? 'OPERATION_TOO_COMPLEX' : 'BAD_USER_INPUT';
        return { errors: [conferoError(code, err.message)], status: 400 };
      }
      this.plans.set(key, plan);
    }
    if (input.explain) return { plan, explain: explainPlan(plan) };
    if ((this.options.strict || input.strict) && plan.deniedRequested.length > 0) {
      const fields = plan.deniedRequested.map((d) => d.coordinate);
      return {
        errors: [
          conferoError('PII_DENIED', `Strict mode: this operation asks for fields withheld from role ${caller.role} for purpose ${caller.purpose ?? '(none)'}: ${[...new Set(fields)].join(', ')}.`, {
            denied: plan.deniedRequested,
          }),
        ],
        status: 403,
      };
    }
    return { plan };
  }

  async finish(input: { result: ExecutionResult; plan: PrivacyPlan; caller: Caller; clientRequestId?: string; variables: Record<string, unknown>; operationName: string | null; onError: (status: number) => void }): Promise<ExecutionResult> {
    const { result, plan, caller } = input;
    if (!plan.hasPii) return result;
    this.options.observer?.applied?.(plan, caller);
    const applied = applyPrivacyPlan(result.data ?? null, plan, input.variables, this.mask);
    const returned = applied.data != null && plan.returnsPii;
    if (returned && this.options.audit) {
      const auditStarted = performance.now();
      try {
        await this.options.audit.record({
          at: new Date(),
          requestId: caller.requestId,
          ...(input.clientRequestId === undefined ? {} : { clientRequestId: input.clientRequestId }),
          subject: caller.sub,
          role: caller.role,
          purpose: caller.purpose,
          operationName: input.operationName,
          fields: plan.returnedCoordinates,
          categories: plan.categories,
          shopperIds: applied.subjects ?? [],
          decisions: { allowed: plan.allowedCount, masked: applied.privacy.maskedCount, withheld: applied.privacy.withheldCount },
          policyVersion: this.options.policy.version,
        });
        this.options.observer?.audited?.((performance.now() - auditStarted) / 1000, true);
      } catch (err) {
        this.options.observer?.audited?.((performance.now() - auditStarted) / 1000, false);
        this.options.logger.error({ requestId: caller.requestId, err: (err as Error).message }, 'audit write failed; personal data withheld');
        input.onError(503);
        return { errors: [conferoError('AUDIT_UNAVAILABLE', 'Personal data could not be audited, so it was withheld. Try again shortly.')] };
      }
    }
    return { ...result, data: applied.data as ExecutionResult['data'], extensions: { ...result.extensions, privacy: applied.privacy } };
  }
}

/** The plan as an operator reads it: every PII field with its decision and the rule behind it. */
export function explainPlan(plan: PrivacyPlan) {
  return { fields: plan.fieldDecisions, withheld: plan.deniedRequested.length, unchanged: plan.unchanged };
}
