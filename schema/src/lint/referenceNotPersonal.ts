/**
 * Fields of the reference subgraphs whose names look personal but that are not personal
 * information, each with the reason (the schema lint skips them and everything below them).
 */
export const REFERENCE_NOT_PERSONAL: Readonly<Record<string, string>> = Object.freeze({
  'Store.street': "a store's street address: where a business is, not where a person lives",
  'Store.location': "a store's coordinates: where a business is, not where a person is",
  'Consents.marketingEmails': 'a consent flag (true/false), not an email address',
});
