export {
  PII_CATEGORIES,
  PII_SPEC_DIRECTIVES,
  PURPOSES,
  PII_SPEC_URL,
  FEDERATION_SPEC_URL,
  PII_DIRECTIVE_SDL,
  subgraphSchemaHeader,
} from './piiDirectiveSdl.ts';
export type { PiiCategory, Purpose } from './piiDirectiveSdl.ts';
export { MASK_STRATEGIES, RECORD_SCOPES } from './types.ts';
export type { PiiAnnotation, MaskStrategy, RecordScope, Caller } from './types.ts';
export {
  CALLER_CONTEXT_CLOCK_SKEW_SECONDS,
  CALLER_CONTEXT_HEADER,
  CALLER_CONTEXT_MAX_LIFETIME_SECONDS,
  signCallerContext,
  verifyCallerContext,
} from './callerContext.ts';
export type { SignCallerContextOptions, VerifyCallerContextResult } from './callerContext.ts';

export { ROLES, parseDecisionString, policyDocumentSchema } from './policySchema.ts';
export type {
  Role,
  PolicyDecisionString,
  RuleEffect,
  PolicyDocument,
  PolicyRoleDocument,
  PolicyGrantDocument,
  PolicyFieldRule,
  PolicyPreviousVersionDocument,
} from './policySchema.ts';
export { compilePolicy } from './compilePolicy.ts';
export type { CompiledPolicy, CompiledPolicyVersion, CompiledRole, CompiledGrant, CompiledFieldRule } from './compilePolicy.ts';
export { loadPolicy, loadPolicyFile } from './loadPolicy.ts';
export type { LoadPolicyResult } from './loadPolicy.ts';
export { policyPath } from './policyPath.ts';
export { POLICY_PATH, SUPERGRAPH_PATH } from './shippedFiles.ts';
export { DECISION_REASONS, isMoreRestrictive, mostRestrictive, strictness } from './decision.ts';
export type { Decision, DecisionEffect, DecisionReason, StrictnessView } from './decision.ts';
export { decide, decideCategory, decideUnderVersion, decideUntagged } from './decide.ts';
export type { DecideCategoryInput, DecideUntaggedInput } from './decide.ts';
export { decideRead } from './decideRead.ts';
export type { ReadCaller, ReadSchema, ReadVerdict } from './decideRead.ts';
export { recordConditionFor, recordConditionOf, RECORD_CONDITION } from './recordCondition.ts';
export type { RecordAlternative, RecordCondition } from './recordCondition.ts';
export { argumentsMayRead, declaredReads, readCoordinates, usedReads } from './usedReads.ts';
export type { ReadsLookup, UsedRead } from './usedReads.ts';
export { piiSpecNames } from './piiSpecNames.ts';
export { keyFieldNames } from './keyFieldNames.ts';
export type { PiiSpecNames } from './piiSpecNames.ts';
export { COLLECTED_UNDER, collectedUnder, markCollectedUnder } from './collectedUnder.ts';
export type { DecideInput } from './decide.ts';
export { maskValue } from './maskValue.ts';
export type { MaskValueOptions } from './maskValue.ts';
export { pseudonymKey, pseudonymKeys } from './pseudonymKey.ts';
export { toPiiAnnotation } from './toPiiAnnotation.ts';
export { readPiiAnnotations } from './readPiiAnnotations.ts';
export type { PiiIndex, PiiFieldEntry, PiiReadEntry } from './readPiiAnnotations.ts';
export { checkPolicyAgainstSchema } from './checkPolicyAgainstSchema.ts';
export { checkMasksAgainstSchema, labelReason } from './checkMasksAgainstSchema.ts';
export { readSchemaShape } from './readSchemaShape.ts';
export type { SchemaShape, SchemaTypeKind } from './readSchemaShape.ts';
export { checkGuardRails, checkGuardRailsAgainstSchema, CLIENT_EXCEPTIONS, GUARD_RAILS, PARTNER_CONTACT_CONSENT } from './guardRails.ts';
export type { GuardRail } from './guardRails.ts';
export { piiDirectiveTransformer } from './piiTransformer.ts';
export type { PiiTransformerOptions, PiiDecisionEvent } from './piiTransformer.ts';
export { createPiiWriteGuard, piiWriteGuardOf, withPiiWriteGuard } from './piiWriteGuard.ts';
export type { PiiWriteGuard, MayWriteResult, WriteRefusal } from './piiWriteGuard.ts';
export { ERROR_CODES, isErrorCode, levelOf } from './errorCodes.ts';
export type { ErrorCode, ErrorCodeSpec, ErrorLevel } from './errorCodes.ts';
export { conferoError, ERRORS } from './conferoError.ts';
export type { ErrorDefinition } from './conferoError.ts';
export { AUDIT_EVENT_ID_PREFIX } from './auditEvent.ts';
export type { AuditEvent, AuditRecord } from './auditEvent.ts';
