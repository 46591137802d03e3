import type { ExecutionResult, GraphQLError, GraphQLSchema, DocumentNode } from 'graphql';
import { conferoError, ERRORS, maskValue, pseudonymKey, type Caller, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/auditLog.ts';
import {
  applyPrivacyPlan,
  checkArguments,
  compilePrivacyPlan,
  decisionsFor,
  explainPlan,
  PlanCache,
  PrivacyPlanError,
  type ArgumentCheck,
  type MaskFn,
  type PlanExplanation,
  type PlanSubjectOptions,
  type PrivacyPlan,
} from '../privacy/index.ts';
import { reportPrivacy, type PrivacyReport } from './privacyReport.ts';

/** What the engine needs of a request's deployment version (`Deployment`): its id, policy and `@pii`. */
export interface PrivacyDeployment {
  /** Privacy plans are cached per version: none is used under another. */
  readonly id: string;
  readonly policy: CompiledPolicy;
  /** `policyDigest(policy)`, audited. */
  readonly policyDigest: string;
  readonly piiIndex: PiiIndex;
}

/** Options of {@link PrivacyEngine}. */
export interface PrivacyEngineOptions {
  /** Secret the `hash` mask's keys are derived from, one per (role, purpose) (`pseudonymKey`). */
  hashKey: string;
  /** Reject operations that ask for a denied field. Default false. */
  strict: boolean;
  /** Where PII accesses are recorded; undefined turns auditing off. */
  audit?: AuditLog;
  /** Types whose ids the audit records as data subjects. Default: every type whose PII is returned. */
  auditSubjectTypes?: string[];
  /** Types whose PII is about another record, by the field that leads to it (e.g. `{ Visit: 'patient' }`). Default: none. */
  auditSubjectVia?: Record<string, string>;
  /** Where each response's privacy report goes: `extensions.privacy`, Router-style `UNAUTHORIZED_FIELD_OR_TYPE` errors, or nowhere. Default `extensions`. */
  privacyReport?: PrivacyReport;
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
  /** The request's deployment version: its policy decides, its id keys the plan cache. */
  deployment: PrivacyDeployment;
  schema: GraphQLSchema;
  document: DocumentNode;
  queryHash: string;
  operationName: string | null;
  caller: Caller;
  strict: boolean;
  explain: boolean;
  /** The request's variables (arguments that read fields are decided with them). */
  variables: Readonly<Record<string, unknown>>;
}

export type Prepared =
  | { plan: PrivacyPlan; args: ArgumentCheck; explain?: undefined }
  | { plan: PrivacyPlan; args: ArgumentCheck; explain: PlanExplanation }
  | { errors: GraphQLError[]; status: number };

/**
 * The gateway's privacy work for one request: find or compile the plan for
 * (operation, role, purpose, deployment version), then mask, restore and audit the result.
 */
export class PrivacyEngine {
  readonly plans: PlanCache<PrivacyPlan>;
  /** The mask function of each (role, purpose): its `hash` key is that pair's pseudonym key. */
  private readonly masks = new Map<string, MaskFn>();
  /** Which records' ids plans collect: only the audit reads them, so none without an audit. */
  private readonly subjects: PlanSubjectOptions | false | undefined;

  constructor(private readonly options: PrivacyEngineOptions) {
    this.plans = new PlanCache(options.planCacheSize ?? 2000);
    this.subjects = !options.audit ? false : { types: options.auditSubjectTypes, via: options.auditSubjectVia };
  }

  /** The mask function for a caller, bound to its (role, purpose)'s pseudonym key; derived once per pair the policy grants. */
  private maskFor(caller: Caller, policy: CompiledPolicy): MaskFn {
    const id = `${caller.role}\u0000${caller.purpose ?? ''}`;
    let mask = this.masks.get(id);
    if (mask === undefined) {
      const hashKey = pseudonymKey(this.options.hashKey, caller.role, caller.purpose);
      mask = (value, strategy, coordinate) => maskValue(value, strategy, { hashKey, coordinate });
      // Only the pairs the policy grants are kept: a token cannot grow the map with made-up roles.
      if (caller.purpose !== null && policy.purposesOf(caller.role).includes(caller.purpose)) this.masks.set(id, mask);
    }
    return mask;
  }

  prepare(input: PrepareInput): Prepared {
    const { caller, deployment } = input;
    const key = `${deployment.id}\u0000${caller.role}\u0000${caller.purpose ?? ''}\u0000${input.operationName ?? ''}\u0000${input.queryHash}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const { piiIndex, policy } = deployment;
      try {
        plan = compilePrivacyPlan({
          schema: input.schema,
          document: input.document,
          operationName: input.operationName,
          piiIndex,
          ...decisionsFor(policy, caller, piiIndex),
          subjects: this.subjects,
        });
      } catch (err) {
        if (!(err instanceof PrivacyPlanError)) throw err;
        const code = err.code === 'PII_PLAN_TOO_LARGE' ? 'OPERATION_TOO_COMPLEX' : 'BAD_USER_INPUT';
        return { errors: [conferoError(code, err.message)], status: 400 };
      }
      this.plans.set(key, plan);
    }
    const args = checkArguments(plan, input.variables);
    if (input.explain) return { plan, args, explain: explainPlan(plan, args) };
    if (args.refused.length > 0) {
      const named = [...new Set(args.refused.map((r) => `${r.argument} (reads ${r.reads}: ${r.effect}, ${r.reason})`))];
      return {
        errors: [
          ERRORS.ARGUMENT_NOT_PERMITTED.err(`These arguments compare records with fields that role ${caller.role} does not receive in full for purpose ${caller.purpose ?? '(none)'}: ${named.join('; ')}. Nothing was executed.`,
            { arguments: args.refused.map(({ path, argument, reads, effect, reason }) => ({ path, argument, reads, effect, reason })) },
          ),
        ],
        status: 403,
      };
    }
    const unreturnable = plan.deniedRequested.filter((d) => d.nonNull);
    if (unreturnable.length > 0) {
      // A withheld field comes back null; one the schema declares non-null cannot (a closed-world
      // role asking for a list outside its world): the operation is refused, in every mode.
      const fields = [...new Set(unreturnable.map((d) => `${d.coordinate} (${d.reason})`))];
      return {
        errors: [
          ERRORS.PII_DENIED.err(`This operation asks for non-null fields withheld from role ${caller.role} for purpose ${caller.purpose ?? '(none)'}, which cannot come back null: ${fields.join(', ')}. Nothing was executed.`, {
            denied: unreturnable,
          }),
        ],
        status: 403,
      };
    }
    if ((this.options.strict || input.strict) && plan.deniedRequested.length > 0) {
      const fields = plan.deniedRequested.map((d) => d.coordinate);
      return {
        errors: [
          ERRORS.PII_DENIED.err(`Strict mode: this operation asks for fields withheld from role ${caller.role} for purpose ${caller.purpose ?? '(none)'}: ${[...new Set(fields)].join(', ')}.`, {
            denied: plan.deniedRequested,
          }),
        ],
        status: 403,
      };
    }
    return { plan, args };
  }

  async finish(input: {
    deployment: PrivacyDeployment;
    result: ExecutionResult;
    plan: PrivacyPlan;
    args: ArgumentCheck;
    caller: Caller;
    clientRequestId?: string;
    variables: Record<string, unknown>;
    operationName: string | null;
    onError: (status: number) => void;
  }): Promise<ExecutionResult> {
    const { result, plan, caller, args, deployment } = input;
    // Nothing ran (e.g. variables the operation cannot take): nothing to mask or audit, and the
    // result keeps its shape, so Apollo answers as it would without the privacy layer.
    if (!plan.hasPii || result.data === undefined) return result;
    this.options.observer?.applied?.(plan, caller);
    const applied = applyPrivacyPlan(result.data ?? null, plan, input.variables, this.maskFor(caller, deployment.policy), { sitesUsed: args.sitesUsed });
    // A permitted argument that reads a field counts as reading it on every record that came back.
    const readFields = args.reads.length === 0 ? [] : [...new Set(args.reads.map((r) => r.reads))];
    const returned = applied.data != null && (plan.returnsPii || readFields.length > 0);
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
          fields: union(applied.returned, readFields),
          categories: union(applied.categories, readFields.map((c) => categoryOf(deployment.piiIndex, c)).filter((c): c is string => c !== undefined)),
          subjectIds: applied.subjects,
          subjectTypes: applied.subjectTypes,
          decisions: { allowed: plan.allowedCount, masked: applied.privacy.maskedCount, withheld: applied.privacy.withheldCount },
          policyVersion: deployment.policy.version,
          policyDigest: deployment.policyDigest,
          deploymentId: deployment.id,
        });
        this.options.observer?.audited?.((performance.now() - auditStarted) / 1000, true);
      } catch (err) {
        this.options.observer?.audited?.((performance.now() - auditStarted) / 1000, false);
        this.options.logger.error({ requestId: caller.requestId, err: (err as Error).message }, 'audit write failed; personal data withheld');
        input.onError(503);
        return { errors: [ERRORS.AUDIT_UNAVAILABLE.err('Personal data could not be audited, so it was withheld. Try again shortly.')] };
      }
    }
    return reportPrivacy(result, applied.data as ExecutionResult['data'], applied.privacy, this.options.privacyReport ?? 'extensions');
  }
}

/** The category of a `@pii` field, or undefined for a field without one. */
function categoryOf(piiIndex: PiiIndex, coordinate: string): string | undefined {
  const dot = coordinate.indexOf('.');
  return piiIndex.fieldAnnotation(coordinate.slice(0, dot), coordinate.slice(dot + 1))?.category;
}

/** The sorted union of two lists of names. */
function union(a: readonly string[], b: readonly string[]): string[] {
  return b.length === 0 ? [...a] : [...new Set([...a, ...b])].sort();
}
