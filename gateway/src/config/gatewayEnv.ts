import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../auth/tokenLifetime.ts';
import { parseDuration } from './parseDuration.ts';
import { DEFAULT_QUERY_PLANNER, QUERY_PLANNERS } from '../engine/queryPlannerName.ts';
import { PRIVACY_REPORTS } from '../execution/privacyReport.ts';

/** Development defaults: fine on a laptop, refused when NODE_ENV=production. */
export const DEV_SECRETS = {
  JWT_SECRET: 'confero-dev-jwt-secret-change-me-0123456789',
  CALLER_CONTEXT_SECRET: 'confero-dev-caller-context-secret-0123456789',
  PII_HASH_KEY: 'confero-dev-pii-hash-key-0123456789',
} as const;

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'on' || v === 'yes');
/** A flag whose absence means "the default" (decided elsewhere), not "off". */
const optionalFlag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true' || v === 'on' || v === 'yes'));
/** A flag that is on unless set to 0, false, off or no. */
const flagOnByDefault = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === undefined || v === '' || v === '1' || v === 'true' || v === 'on' || v === 'yes');
/** A duration (`parseDuration`: `24h`, `90m`, `3600`), in seconds, at least 1 s. */
const duration = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const seconds = parseDuration(v);
      if (seconds === undefined || seconds < 1) {
        ctx.addIssue({ code: 'custom', message: `must be a duration: a whole number with s, m, h or d (e.g. 24h, 90m, 3600s; a bare number is seconds), got "${v}"` });
        return z.NEVER;
      }
      return seconds;
    });
const port = z.coerce.number().int().min(0).max(65535);
const count = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
const roleList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((r) => r.trim()).filter(Boolean));

/** The gateway's environment variables, validated; see the README's configuration table. */
export const gatewayEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: port.default(4000),
  HOST: z.string().default('127.0.0.1'),
  SUPERGRAPH_PATH: z.string().optional(),
  POLICY_PATH: z.string().optional(),
  // Reload when the policy or supergraph file changes (SIGHUP reloads either way).
  WATCH_DEPLOYMENT_FILES: z.enum(['on', 'off']).default('on'),
  /** The deployment's invariants; unset: `invariants.json` beside the policy file, when there is one. */
  POLICY_INVARIANTS_PATH: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWKS_URL: z.url().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_ALG: z.string().default('RS256'),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  MAX_TOKEN_LIFETIME: duration(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
  ALLOW_ANONYMOUS: flag,
  CALLER_CONTEXT_SECRET: z.string().min(32, 'CALLER_CONTEXT_SECRET must be at least 32 characters').optional(),
  PII_HASH_KEY: z.string().min(16, 'PII_HASH_KEY must be at least 16 characters').optional(),
  PRIVACY_STRICT: flag,
  // Where each response's privacy report goes: extensions.privacy, Router-style errors, or nowhere.
  PRIVACY_REPORT: z.enum(PRIVACY_REPORTS).default('extensions'),
  AUDIT: z.enum(['on', 'off']).default('on'),
  AUDIT_JOURNAL_DIR: z.string().min(1, 'AUDIT_JOURNAL_DIR must name a folder').optional(),
  AUDIT_JOURNAL_FSYNC: flagOnByDefault,
  /** Unset: every type whose personal data is returned (with an id) is a data subject. */
  AUDIT_SUBJECT_TYPES: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.split(',').map((t) => t.trim()).filter(Boolean))),
  /** Unset: none. */
  AUDIT_SUBJECT_VIA: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const via: Record<string, string> = {};
      for (const entry of v.split(',').map((e) => e.trim()).filter(Boolean)) {
        const match = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(entry);
        if (!match) ctx.addIssue({ code: 'custom', message: `AUDIT_SUBJECT_VIA: "${entry}" is not Type.field` });
        else via[match[1]!] = match[2]!;
      }
      return via;
    }),
  INTROSPECTION: flag,
  EXPLORER: optionalFlag,
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  // Request limits (see gateway/src/limits/README.md).
  MAX_DEPTH: count(1, 10),
  MAX_ALIASES: count(1, 15),
  MAX_TOKENS: count(1, 2000),
  MAX_DIRECTIVES: count(1, 50),
  MAX_COST: count(1, 100_000),
  MAX_BATCH_SIZE: count(0, 0),
  MAX_VARIABLES_BYTES: count(1, 64 * 1024),
  FIELD_SUGGESTIONS: flag,
  PERSISTED_OPERATIONS_PATH: z.string().min(1).optional(),
  PERSISTED_ONLY_ROLES: roleList,
  SUBGRAPH_TIMEOUT_MS: count(1, 10_000),
  // The engine behind the privacy layer (gateway/src/engine/README.md).
  QUERY_PLANNER: z.enum(QUERY_PLANNERS).default(DEFAULT_QUERY_PLANNER),
  SHARE_IN_FLIGHT: z.enum(['on', 'off']).default('on'),
  SHUTDOWN_GRACE_MS: count(0, 10_000),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema> & {
  JWT_SECRET?: string;
  CALLER_CONTEXT_SECRET: string;
  PII_HASH_KEY: string;
  /** True where a development default stands in for an unset secret. */
  usesDevSecrets: boolean;
};

export type GatewayEnvResult = { env: GatewayEnv } | { errors: string[] };

/** Validates the environment; in production every secret must be set. */
export function parseGatewayEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnvResult {
  const parsed = gatewayEnvSchema.safeParse(source);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const errors: string[] = [];
  const hasKeySource = Boolean(env.JWT_SECRET || env.JWKS_URL || env.JWT_PUBLIC_KEY);
  if (env.PERSISTED_ONLY_ROLES.length > 0 && !env.PERSISTED_OPERATIONS_PATH) {
    errors.push(`PERSISTED_OPERATIONS_PATH: required when PERSISTED_ONLY_ROLES is set (${env.PERSISTED_ONLY_ROLES.join(', ')})`);
  }
  if (source.AUDIT_JOURNAL_FSYNC && !env.AUDIT_JOURNAL_DIR) {
    errors.push('AUDIT_JOURNAL_FSYNC: applies to the audit journal only; set AUDIT_JOURNAL_DIR too (without it, each response waits for the audit store)');
  }
  if (production) {
    if (!hasKeySource) errors.push('JWT_SECRET, JWKS_URL or JWT_PUBLIC_KEY: one is required in production');
    if (!env.CALLER_CONTEXT_SECRET) errors.push('CALLER_CONTEXT_SECRET: required in production');
    if (!env.PII_HASH_KEY) errors.push('PII_HASH_KEY: required in production');
  }
  if (errors.length > 0) return { errors };
  const usesDevSecrets = !hasKeySource || !env.CALLER_CONTEXT_SECRET || !env.PII_HASH_KEY;
  return {
    env: {
      ...env,
      JWT_SECRET: env.JWT_SECRET ?? (hasKeySource ? undefined : DEV_SECRETS.JWT_SECRET),
      CALLER_CONTEXT_SECRET: env.CALLER_CONTEXT_SECRET ?? DEV_SECRETS.CALLER_CONTEXT_SECRET,
      PII_HASH_KEY: env.PII_HASH_KEY ?? DEV_SECRETS.PII_HASH_KEY,
      usesDevSecrets,
    },
  };
}
