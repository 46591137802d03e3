/** Why a privacy plan could not be compiled (all are refusals: nothing is executed). */
export const PRIVACY_PLAN_ERROR_CODES = {
  PII_PLAN_NO_OPERATION: 'The document has no operation of that name (or several and no name was given).',
  PII_PLAN_UNKNOWN_FIELD: 'The operation selects a field the schema does not have.',
  PII_PLAN_UNKNOWN_TYPE: 'A fragment names a type the schema does not have, or one without fields.',
  PII_PLAN_UNKNOWN_FRAGMENT: 'The operation spreads a fragment the document does not define.',
  PII_PLAN_FRAGMENT_CYCLE: 'Fragments spread each other in a cycle.',
  PII_PLAN_TOO_LARGE: 'The operation, with its fragments expanded, has more selections than the planner accepts.',
} as const;
export type PrivacyPlanErrorCode = keyof typeof PRIVACY_PLAN_ERROR_CODES;

/**
 * Thrown by `compilePrivacyPlan` for documents it cannot plan. A validated document only
 * meets `PII_PLAN_TOO_LARGE` (and `PII_PLAN_NO_OPERATION` for a wrong operation name).
 */
export class PrivacyPlanError extends Error {
  override readonly name = 'PrivacyPlanError';
  constructor(
    readonly code: PrivacyPlanErrorCode,
    message: string,
  ) {
    super(message);
  }
}
