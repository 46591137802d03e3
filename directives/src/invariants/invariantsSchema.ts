import { z } from 'zod';
import { COORDINATE, decisionString } from '../policySchema.ts';

/**
 * The shape of a deployment's invariants file (`schema/invariants.json`): promises of its
 * privacy policy that no edit of the policy file can break, each a declarative rule of one of a
 * few generic kinds. It sits beside the policy and is owned by whoever owns compliance; the
 * loader checks every version of the policy against it (`loadPolicy`), and, with the schema's
 * `@pii` known, `checkGuardRailsAgainstSchema` does the rest.
 */

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const name = (what: string) => z.string().regex(NAME, { error: `${what} must be a name (letters, digits, _)` });
const coordinate = z.string().regex(COORDINATE, { error: 'not a schema coordinate (Type.field)' });

/** What every invariant says of itself, for its refusals. */
const stated = {
  /** What the invariant guarantees, in a sentence (refusals quote it). */
  promise: z.string().trim().min(1, { error: 'say what the invariant guarantees' }),
  /** The sentence of the privacy policy it keeps (refusals quote it). */
  quote: z.string().trim().min(1, { error: 'quote the sentence of the privacy policy it keeps' }),
};

/**
 * The role must be closed-world, and may receive, of personal data, only the `allow`
 * coordinates, and the `consent` ones only under that consent condition. Checked without the
 * schema: a rule on a type those coordinates name must name one of them; with the schema: a rule
 * on any other type may not reach a `@pii` field. Category entries that give anything are refused.
 */
const closedWorld = z.strictObject({
  kind: z.literal('closedWorld'),
  role: name('role'),
  allow: z.array(coordinate),
  consent: z.record(coordinate, name('a consent flag')).optional(),
  ...stated,
});

/**
 * The role gets nothing of these categories above `atMost` (only `deny`, `mask:redact`, or
 * `atMost` itself; `allow` permits any): in its category and sensitive tables, and, with the
 * schema, in its field rules on fields of those categories. A coordinate under `except` has its
 * own ceiling instead.
 */
const categoryCeiling = z.strictObject({
  kind: z.literal('categoryCeiling'),
  role: name('role'),
  categories: z.array(name('category')).min(1),
  atMost: decisionString,
  except: z.record(coordinate, decisionString).optional(),
  ...stated,
});

/** Fields of the category go only to the roles listed, and only in grants for the purposes listed with them. */
const categoryOnly = z.strictObject({
  kind: z.literal('categoryOnly'),
  category: name('category'),
  grantedTo: z.record(name('role'), z.array(name('purpose')).min(1)),
  ...stated,
});

/** The role's record scope is one of these (or `none`, which reaches nothing). */
const scopes = z.strictObject({
  kind: z.literal('scopes'),
  role: name('role'),
  allowed: z.array(name('scope')).min(1),
  ...stated,
});

/**
 * No grant names these purposes, nor does the policy declare them. `match: "word"` matches a
 * purpose any of whose `_`-separated words (upper-cased) is listed (`SALE` refuses
 * `MARKETING_SALE`); `"name"` (the default) the name itself.
 */
const neverGrant = z.strictObject({
  kind: z.literal('neverGrant'),
  purposes: z.array(name('purpose')).min(1),
  match: z.enum(['name', 'word']).optional(),
  ...stated,
});

/**
 * The policy may declare no category and no purpose beyond these (a list left out is not
 * restricted): the vocabulary stays the privacy policy's, whatever the policy file says.
 */
const vocabulary = z.strictObject({
  kind: z.literal('vocabulary'),
  categories: z.array(name('category')).optional(),
  purposes: z.array(name('purpose')).optional(),
  ...stated,
});

const invariantSchema = z.discriminatedUnion('kind', [vocabulary, closedWorld, categoryCeiling, categoryOnly, scopes, neverGrant], {
  error: 'unknown kind (expected vocabulary, closedWorld, categoryCeiling, categoryOnly, scopes or neverGrant)',
});

/** The zod schema of an invariants file. */
export const invariantsDocumentSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  invariants: z.array(invariantSchema),
});

export type Invariant = z.infer<typeof invariantSchema>;
export type InvariantOf<K extends Invariant['kind']> = Extract<Invariant, { kind: K }>;

/** An invariant with where it stands (`invariants[2]`), for messages. */
export type PlacedInvariant = Invariant & { readonly at: string };

/** The invariants a policy is checked against. */
export interface PolicyInvariants {
  /** The file they were read from; undefined when given as a document, or when there are none. */
  readonly source?: string;
  readonly list: readonly PlacedInvariant[];
}
