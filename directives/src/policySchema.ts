import { z } from 'zod';
import { BUILT_IN_SCOPES, MASK_STRATEGIES, type MaskStrategy } from './types.ts';

/**
 * The shape of the declarative policy file (`schema/policy.json`), validated with zod. The
 * policy declares its own vocabulary — categories, purposes, record scopes, and roles (the keys
 * of `roles`) — so this schema checks names only as names; that every name a rule uses is
 * declared is checked in `checkPolicyVocabulary`, and what needs more than one entry (a purpose
 * granted twice) in `loadPolicy`.
 */

/** A rule's outcome as the policy file spells it: `allow`, `deny` or `mask:<strategy>`. */
export type PolicyDecisionString = 'allow' | 'deny' | `mask:${MaskStrategy}`;

/** The outcome of one policy rule, parsed. */
export type RuleEffect = { effect: 'allow' } | { effect: 'deny' } | { effect: 'mask'; strategy: MaskStrategy };

/** Every spelling of a decision a policy (or an invariant) may use. */
export const DECISION_STRINGS: readonly string[] = ['allow', 'deny', ...MASK_STRATEGIES.map((s) => `mask:${s}`)];

/** Parses `allow` | `deny` | `mask:<strategy>`; undefined for anything else. */
export function parseDecisionString(value: string): RuleEffect | undefined {
  if (value === 'allow' || value === 'deny') return { effect: value };
  const strategy = value.startsWith('mask:') ? value.slice(5) : undefined;
  return MASK_STRATEGIES.includes(strategy as MaskStrategy) ? { effect: 'mask', strategy: strategy as MaskStrategy } : undefined;
}

/** A GraphQL name: what a category or purpose must be to stand in the `@pii` directive's enums. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Names GraphQL does not allow as enum values. */
const NOT_ENUM_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'null']);
/** `Type.field`. */
export const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;
const CONSENT_FLAG = NAME;

/**
 * The role of callers without a token (the gateway's anonymous access): it gets no personal
 * information and no records, so no policy may declare it.
 */
export const RESERVED_ROLE = 'ANONYMOUS';

/** Why `name` cannot name a category, purpose, scope or role; undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!NAME.test(name)) return 'a name is letters, digits and _ , not starting with a digit (a GraphQL name)';
  if (NOT_ENUM_VALUES.has(name)) return `${name} cannot be a GraphQL enum value`;
  return undefined;
}

export const decisionString = z.string().refine((s) => DECISION_STRINGS.includes(s), {
  error: (issue) => `unknown decision ${JSON.stringify(issue.input)} (expected ${DECISION_STRINGS.join(', ')})`,
}) as unknown as z.ZodType<PolicyDecisionString>;

const conditionalRule = z
  .strictObject({
    decision: decisionString,
    when: z
      .strictObject({
        consent: z.string().regex(CONSENT_FLAG, { error: 'consent must name a consent flag of the record' }),
      })
      .optional(),
    description: z.string().optional(),
  })
  .refine((rule) => !(rule.when && rule.decision === 'deny'), {
    error: 'a condition (when) only applies to allow or mask decisions',
    path: ['when'],
  });

const fieldRule = z.union([decisionString, conditionalRule], {
  error: `expected a decision string or { "decision": ..., "when": { "consent": ... } }`,
});

/** A record whose keys must pass `problemOf` (reported per key). */
function keyedRecord<V extends z.ZodType>(value: V, problemOf: (key: string) => string | undefined) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      const problem = problemOf(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
}

const description = z.string().trim().min(1, { error: 'a description says what it is (non-empty)' });

/** One category or purpose the policy declares. */
const vocabularyEntry = z.strictObject({
  description,
  /** A short name for tables (the `/privacy` grid's column headers). Default: the name. */
  label: z.string().trim().min(1).optional(),
});

/** One record scope the policy declares (`all` and `none` are built in). */
const scopeEntry = z.strictObject({
  description,
  /** The token claim that names the caller's own records (e.g. `clientId`); a token of a role with this scope must carry it. Default: none. */
  claim: z.string().regex(NAME, { error: 'a claim is a name (letters, digits, _)' }).optional(),
});

const grantSchema = z.strictObject({
  description: z.string().optional(),
  purposes: z.array(z.string()).min(1, { error: 'a grant names at least one purpose' }),
  categories: z.record(z.string(), decisionString).optional(),
  sensitive: z.record(z.string(), decisionString).optional(),
  fields: keyedRecord(fieldRule, (key) => (COORDINATE.test(key) ? undefined : 'not a schema coordinate (Type.field)')).optional(),
});

const roleShape = {
  description: z.string().optional(),
  scope: z.string(),
  /**
   * A closed-world role gets only the fields its grants name (`fields`), tagged `@pii` or not,
   * besides the key fields that join entities; every other field is withheld from it.
   */
  closedWorld: z.boolean().optional(),
  grants: z.array(grantSchema),
};

function refineClosedWorld(role: { closedWorld?: boolean; grants: z.infer<typeof grantSchema>[] }, ctx: z.RefinementCtx): void {
  if (role.closedWorld !== true) return;
  role.grants.forEach((grant, g) => {
    for (const key of ['categories', 'sensitive'] as const) {
      if (grant[key] && Object.values(grant[key]).some((d) => d !== 'deny')) {
        ctx.addIssue({
          code: 'custom',
          path: ['grants', g, key],
          message: 'a closed-world role is granted field by field: a category entry would grant fields its grants do not name (name them in fields)',
        });
      }
    }
  });
}

/** A role of an earlier version (described or not: it says how the role was). */
const roleSchema = z.strictObject(roleShape).superRefine(refineClosedWorld);
/** A role of the current version: it says why it sees what it sees. */
const currentRoleSchema = z.strictObject({ ...roleShape, description }).superRefine(refineClosedWorld);

const roleKey = (key: string) => (key === RESERVED_ROLE ? `${RESERVED_ROLE} is the role of callers without a token; a policy may not declare it` : nameProblem(key));

/**
 * An earlier version of the policy, as it was: records collected under it are still decided
 * under it too (the most restrictive of the two versions wins). A role it does not list gets
 * nothing from such records. It uses the current version's vocabulary.
 */
const previousVersionSchema = z.strictObject({
  description: z.string().optional(),
  roles: keyedRecord(roleSchema, roleKey),
});

/** The zod schema of a policy file. */
export const policyDocumentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.string().trim().min(1, { error: 'the policy needs a version' }),
    description: z.string().optional(),
    /** The categories of personal information, by name: the values of the `@pii(category:)` enum. */
    categories: keyedRecord(vocabularyEntry, nameProblem),
    /** The purposes a caller may state, by name: the values of the `@pii(purpose:)` enum. */
    purposes: keyedRecord(vocabularyEntry, nameProblem),
    /** The record scopes beyond the built-in `all` and `none`, by name (the subgraphs interpret them). */
    scopes: keyedRecord(scopeEntry, (key) => (Object.hasOwn(BUILT_IN_SCOPES, key) ? `${key} is built in; declare only the deployment's own scopes` : nameProblem(key))).optional(),
    roles: keyedRecord(currentRoleSchema, roleKey),
    /** Earlier versions, by version (e.g. `"2024-01-01"`), each with the roles it had. */
    previousVersions: z.record(z.string(), previousVersionSchema).optional(),
  })
  .superRefine((document, ctx) => {
    for (const version of Object.keys(document.previousVersions ?? {})) {
      const path = ['previousVersions', version];
      if (version.trim() === '' || version !== version.trim()) {
        ctx.addIssue({ code: 'custom', path, message: 'a version is a non-empty name without surrounding spaces' });
      } else if (version === document.version) {
        ctx.addIssue({ code: 'custom', path, message: `${version} is the current version (version); list only earlier versions here` });
      }
    }
  });

/** A policy file as validated (before compilation). */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyRoleDocument = z.infer<typeof roleSchema>;
export type PolicyGrantDocument = z.infer<typeof grantSchema>;
export type PolicyFieldRule = z.infer<typeof fieldRule>;
