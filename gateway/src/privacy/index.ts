export { compilePrivacyPlan } from './compilePrivacyPlan.ts';
export type { CompilePrivacyPlanOptions, PlanSubjectOptions } from './compilePrivacyPlan.ts';
export { applyPrivacyPlan } from './applyPrivacyPlan.ts';
export type { ApplyPrivacyPlanOptions, ApplyPrivacyPlanResult } from './applyPrivacyPlan.ts';
export { PlanCache } from './planCache.ts';
export { explainPlan } from './explainPlan.ts';
export type { PlanExplanation } from './explainPlan.ts';
export { decisionsFor } from './decisionsFor.ts';
export type { CallerDecisions } from './decisionsFor.ts';
export { checkArguments } from './checkArguments.ts';
export type { ArgumentCheck, ArgumentRead } from './checkArguments.ts';
export { PrivacyPlanError, PRIVACY_PLAN_ERROR_CODES } from './privacyPlanError.ts';
export type { PrivacyPlanErrorCode } from './privacyPlanError.ts';
export type {
  DecideField,
  DecideRead,
  DecideUntagged,
  ReadDecision,
  DeniedFieldRequest,
  FieldDecisionSummary,
  IncludeCondition,
  MaskedFieldSummary,
  MaskFn,
  PlanField,
  PlanKeyGroup,
  PlanNode,
  PlanOccurrence,
  PrivacyExtension,
  PrivacyPlan,
  WithheldFieldSummary,
} from './types.ts';
