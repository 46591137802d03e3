import { parseArgs } from 'node:util';
import { loadPolicyFile, POLICY_PATH } from '@confero/directives';
import { DEV_TOKEN_LIFETIME_SECONDS, signDevToken } from '../auth/signDevToken.ts';
import { parseGatewayEnv } from '../config/gatewayEnv.ts';
import { parseDuration } from '../config/parseDuration.ts';

// `npm run token -- --role ROLE [--id ID] [--sub ID] [--expires 12h] [--policy FILE]` prints a
// development token signed with JWT_SECRET (or the development default), and nothing else. The
// role must be one the policy declares (POLICY_PATH, or --policy; default the shipped policy);
// `--id` is the value of the claim its record scope names (the policy's scopes.<scope>.claim),
// required exactly when there is one. The token always expires: after --expires (default 12h),
// which may not exceed the gateway's maximum token lifetime (MAX_TOKEN_LIFETIME, default 24h),
// since the gateway would refuse it.
const usage = 'usage: npm run token -- --role ROLE [--id ID] [--sub ID] [--expires 12h] [--policy FILE]';
const fail = (message: string): never => {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
};
let values: Record<string, string | undefined> = {};
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      id: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
      policy: { type: 'string' },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (!values.role) fail('--role is required');
const parsed = parseGatewayEnv();
if ('errors' in parsed || !parsed.env.JWT_SECRET) {
  process.stderr.write(`cannot sign: ${'errors' in parsed ? parsed.errors.join('; ') : 'JWT_SECRET is not set (the gateway uses JWKS or a public key)'}\n`);
  process.exit(2);
}
const policyPath = values.policy ?? parsed.env.POLICY_PATH ?? POLICY_PATH;
const loaded = loadPolicyFile(policyPath, parsed.env.POLICY_INVARIANTS_PATH ? { invariants: parsed.env.POLICY_INVARIANTS_PATH } : {});
if ('errors' in loaded) fail(`the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
const { policy } = loaded as Extract<typeof loaded, { policy: unknown }>;
const role = values.role!.toUpperCase();
if (!policy.hasRole(role)) fail(`role ${role} is not one policy ${policy.version} declares (${[...policy.roles.keys()].join(', ')})`);
const claim = policy.identityClaimOf(role);
if (claim && !values.id) fail(`role ${role} has record scope ${policy.scopeOf(role)}: its token needs the ${claim} claim that names the caller's records (--id)`);
if (!claim && values.id !== undefined) fail(`role ${role} has record scope ${policy.scopeOf(role)}, which names no records by id: leave out --id`);
const maxLifetime = parsed.env.MAX_TOKEN_LIFETIME;
const lifetime = values.expires === undefined ? Math.min(DEV_TOKEN_LIFETIME_SECONDS, maxLifetime) : parseDuration(values.expires);
if (lifetime === undefined || lifetime < 1) fail(`--expires must be a duration: a whole number with s, m, h or d (e.g. 12h, 90m, 3600s), got "${values.expires}"`);
if (lifetime! > maxLifetime) fail(`--expires ${values.expires} is longer than the maximum token lifetime (MAX_TOKEN_LIFETIME, ${maxLifetime} s): the gateway would refuse the token`);
const sub = values.sub ?? `dev-${role.toLowerCase()}${values.id ? `-${values.id}` : ''}`;
const token = await signDevToken({ sub, role, ...(claim ? { [claim]: values.id } : {}) }, parsed.env.JWT_SECRET, lifetime);
process.stdout.write(`${token}\n`);
