/**
 * Who the reference deployment's audit events name as data subjects: the shoppers whose
 * personal data a response returns (`AUDIT_SUBJECT_TYPES=Shopper`), and the shopper of a
 * deliverable whose personal data it returns — its recordings, receipt, check-in and answers
 * are about that shopper (`AUDIT_SUBJECT_VIA=Deliverable.shopper`). The gateway itself names no
 * type: `npm start` and the tests configure it with these; `npm run gateway` with the variables.
 */
export const REFERENCE_AUDIT_SUBJECTS: { readonly types: readonly string[]; readonly via: Readonly<Record<string, string>> } = Object.freeze({
  types: Object.freeze(['Shopper']),
  via: Object.freeze({ Deliverable: 'shopper' }),
});
