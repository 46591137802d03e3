/** What each decision reason of the policy engine means, in words (the code stays beside it). */
const REASONS: Record<string, string> = {
  UNKNOWN_ROLE: 'the role is not in the policy',
  NO_PURPOSE: 'no purpose was stated',
  PURPOSE_NOT_GRANTED: 'the role is not granted this purpose',
  PURPOSE_LIMITATION: 'the field was not collected for this purpose (@pii purpose list)',
  FIELD_RULE: 'a per-field rule of the grant',
  CONSENT_GIVEN: "the record's consent allows it",
  CONSENT_REQUIRED: "the record's consent is missing",
  SENSITIVE_RULE: "the grant's rule for sensitive fields of this category",
  SENSITIVE_NOT_GRANTED: 'the grant gives no sensitive fields of this category',
  CATEGORY_RULE: "the grant's rule for this category",
  CATEGORY_NOT_GRANTED: 'the grant gives nothing of this category',
  NO_CALLER: 'no verified caller',
  POLICY_VERSION_UNKNOWN: 'the record was collected under a policy version the policy does not keep',
};

/** `PURPOSE_LIMITATION` → "the field was not collected for this purpose (…)"; unknown codes as they are. */
export function reasonText(reason: string | undefined): string {
  if (!reason) return '';
  return REASONS[reason] ?? reason;
}
