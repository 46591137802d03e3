import type { SeedData } from './generateSeedData.ts';

/** One PII leaf value of the seed data, for leak scans. */
export interface PiiValue {
  /** The entity type of the record (`Shopper`, `Client`, `Deliverable`). */
  type: 'Shopper' | 'Client' | 'Deliverable';
  /** The record's id. */
  id: string;
  /** The `@pii` field of the entity the value sits under, e.g. `Shopper.address`. */
  field: string;
  /** The schema coordinate of the leaf, e.g. `PostalAddress.city` (`Shopper.email` for a top-level field). */
  coordinate: string;
  /** Where in the record, e.g. `address.city`, `webActivity.2.ipAddress`. */
  path: string;
  /** The value as the API returns it (timestamps as ISO strings). */
  value: string | number;
  /** The value as it appears in a JSON response body (match numbers as whole JSON tokens). */
  json: string;
  /**
   * True when the value is unique to its record across the whole data set and long enough to
   * scan for. False for categorical values no generator can make unique: cities, regions,
   * employers (they must match competitor names), demographic categories, years, scores…
   */
  distinctive: boolean;
}

/** The `@pii` fields of each entity (from the subgraph schemas); `name` is derived from first + last name. */
export const PII_FIELDS = {
  Shopper: [
    'firstName', 'lastName', 'name', 'alias', 'email', 'phone', 'address', 'dateOfBirth', 'ssn', 'driversLicense',
    'passportNumber', 'taxId', 'bankAccount', 'signatureRef', 'education', 'employment', 'jobHistory',
    'competitorAffiliations', 'gender', 'raceEthnicity', 'maritalStatus', 'veteranStatus', 'disability',
    'homeLocation', 'ipAddresses', 'webActivity', 'rating', 'evaluations',
  ],
  Client: ['contacts'],
  Deliverable: ['answers', 'receipt', 'recordings', 'checkIn'],
} as const;

/** The GraphQL type of each object-valued field, to name leaf coordinates. */
const FIELD_TYPES: Record<string, string> = {
  'Shopper.address': 'PostalAddress',
  'Shopper.bankAccount': 'BankAccount',
  'Shopper.education': 'Education',
  'Shopper.employment': 'Employment',
  'Shopper.jobHistory': 'Employment',
  'Shopper.homeLocation': 'GeoPoint',
  'Shopper.webActivity': 'WebVisit',
  'Shopper.evaluations': 'Evaluation',
  'Client.contacts': 'ClientContact',
  'Deliverable.answers': 'QuestionAnswer',
  'Deliverable.receipt': 'Receipt',
  'Deliverable.recordings': 'Recording',
  'Deliverable.checkIn': 'CheckIn',
  'CheckIn.location': 'GeoPoint',
};

/** Leaf coordinates whose values are categorical (see {@link PiiValue.distinctive}). */
export const CATEGORICAL_PII_COORDINATES: ReadonlySet<string> = new Set([
  'PostalAddress.city', 'PostalAddress.region', 'PostalAddress.country',
  'BankAccount.bankName',
  'Education.institution', 'Education.degree', 'Education.year',
  'Employment.employer', 'Employment.title', 'Employment.startYear', 'Employment.endYear',
  'Shopper.competitorAffiliations', 'Shopper.gender', 'Shopper.raceEthnicity', 'Shopper.maritalStatus',
  'Shopper.veteranStatus', 'Shopper.disability',
  'WebVisit.device', 'WebVisit.browser',
  'Evaluation.date', 'Evaluation.score',
  'ClientContact.title',
  'QuestionAnswer.question',
  'Receipt.currency', 'Receipt.cardLast4',
  'Recording.kind', 'Recording.durationSeconds',
]);

/**
 * Every PII leaf value of the seed data (strings and numbers as they appear in JSON), per
 * record, with its schema coordinate: what a leak scan of a response body looks for.
 */
export function piiValuesOf(data: SeedData): PiiValue[] {
  const out: PiiValue[] = [];
  const walk = (base: Omit<PiiValue, 'coordinate' | 'path' | 'value' | 'json' | 'distinctive'>, typeName: string, key: string, path: string, value: unknown) => {
    if (value === null || value === undefined || typeof value === 'boolean') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(base, typeName, key, `${path}.${i}`, item));
      return;
    }
    const coordinate = `${typeName}.${key}`;
    if (value instanceof Date || typeof value === 'string' || typeof value === 'number') {
      const leaf = value instanceof Date ? value.toISOString() : value;
      out.push({ ...base, coordinate, path, value: leaf, json: JSON.stringify(leaf), distinctive: !CATEGORICAL_PII_COORDINATES.has(coordinate) });
      return;
    }
    const objectType = FIELD_TYPES[coordinate] ?? coordinate;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(base, objectType, k, `${path}.${k}`, v);
  };
  const visit = (type: PiiValue['type'], records: ReadonlyArray<{ _id: string }>) => {
    for (const record of records) {
      const source = record as Record<string, unknown>;
      for (const field of PII_FIELDS[type]) {
        const value =
          type === 'Shopper' && field === 'name'
            ? [source.firstName, source.lastName].filter(Boolean).join(' ') || null
            : source[field];
        walk({ type, id: record._id, field: `${type}.${field}` }, type, field, field, value);
      }
    }
  };
  visit('Shopper', data.shoppers);
  visit('Client', data.clients);
  visit('Deliverable', data.deliverables);
  return out;
}
