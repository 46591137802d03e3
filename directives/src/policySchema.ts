import { z } from 'zod';
import { PII_CATEGORIES, PURPOSES } from './piiDirectiveSdl.ts';
import { MASK_STRATEGIES, RECORD_SCOPES, type MaskStrategy } from './types.ts';
import { unknownPurposeMessage } from './unknownPurposeMessage.ts';

/**
 * The shape of the declarative policy file (`schema/policy.json`), validated with zod.
 * Semantic checks that need more than one entry (a purpose granted twice) live in `loadPolicy`.
 */

/** The roles a caller's token may carry; a policy may only grant these. */
export const ROLES = [
  'CLIENT',
  'SHOPPER',
  'SUPPORT',
  'OPERATIONS',
  'FINANCE',
  'SECURITY_ANALYST',
  'LEGAL',
  'AUDITOR',
  'RESEARCH',
  'PARTNER',
  'SERVICE_PROVIDER',
] as const;
export type Role = (typeof ROLES)[number];

/** A rule's outcome as the policy file spells it: `allow`, `deny` or `mask:<strategy>`. */
export type PolicyDecisionString = 'allow' | 'deny' | `mask:${MaskStrategy}`;

/** The outcome of one policy rule, parsed. */
export type RuleEffect = { effect: 'allow' } | { effect: 'deny' } | { effect: 'mask'; strategy: MaskStrategy };

const DECISION_STRINGS: readonly string[] = ['allow', 'deny', ...MASK_STRATEGIES.map((s) => `mask:${s}`)];

/** Parses `allow` | `deny` | `mask:<strategy>`; undefined for anything else. */
export function parseDecisionString(value: string): RuleEffect | undefined {
  if (value === 'allow' || value === 'deny') return { effect: value };
  const strategy = value.startsWith('mask:') ? value.slice(5) : undefined;
  return MASK_STRATEGIES.includes(strategy as MaskStrategy) ? { effect: 'mask', strategy: strategy as MaskStrategy } : undefined;
}

const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;
const CONSENT_FLAG = /^[_A-Za-z][_0-9A-Za-z]*$/;

const decisionString = z.string().refine((s) => DECISION_STRINGS.includes(s), {
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

/** A record whose keys must come from `allowed` (reported per key as `<what>`). */
function keyedRecord<V extends z.ZodType>(value: V, isAllowed: (key: string) => boolean, what: string) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!isAllowed(key)) ctx.addIssue({ code: 'custom', path: [key], message: what });
    }
  });
}

const categoryKey = (key: string) => (PII_CATEGORIES as readonly string[]).includes(key);

const grantSchema = z.strictObject({
  description: z.string().optional(),
  purposes: z
    .array(z.enum(PURPOSES, { error: (issue) => unknownPurposeMessage(issue.input) }))
    .min(1, { error: 'a grant names at least one purpose' }),
  categories: keyedRecord(decisionString, categoryKey, 'unknown category').optional(),
  sensitive: keyedRecord(decisionString, categoryKey, 'unknown category').optional(),
  fields: keyedRecord(fieldRule, (key) => COORDINATE.test(key), 'not a schema coordinate (Type.field)').optional(),
});

const roleSchema = z
  .strictObject({
    description: z.string().optional(),
    scope: z.enum(RECORD_SCOPES, {
      error: (issue) => `unknown scope ${JSON.stringify(issue.input)} (expected ${RECORD_SCOPES.join(', ')})`,
    }),
    /**
     * A closed-world role gets only the fields its grants name (`fields`), tagged `@pii` or not,
     * besides the key fields that join entities; every other field is withheld from it.
     */
    closedWorld: z.boolean().optional(),
    grants: z.array(grantSchema),
  })
  .superRefine((role, ctx) => {
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
  });

const rolesSchema = keyedRecord(roleSchema, (key) => (ROLES as readonly string[]).includes(key), 'unknown role');

/**
 * An earlier version of the policy, as it was: records collected under it are still decided
 * under it too (the most restrictive of the two versions wins). A role it does not list gets
 * nothing from such records.
 */
const previousVersionSchema = z.strictObject({
  description: z.string().optional(),
  roles: rolesSchema,
});

/** The zod schema of a policy file. */
export const policyDocumentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.string().trim().min(1, { error: 'the policy needs a version' }),
    description: z.string().optional(),
    roles: rolesSchema,
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
export type PolicyPreviousVersionDocument = z.infer<typeof previousVersionSchema>;
export type PolicyGrantDocument = z.infer<typeof grantSchema>;
export type PolicyFieldRule = z.infer<typeof fieldRule>;
