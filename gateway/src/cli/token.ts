import { parseArgs } from 'node:util';
import { DEV_TOKEN_LIFETIME_SECONDS, signDevToken } from '../auth/signDevToken.ts';
import { parseGatewayEnv } from '../config/gatewayEnv.ts';
import { parseDuration } from '../config/parseDuration.ts';

// `npm run token -- --role ROLE [--sub ID] [--client ID] [--partner ID] [--shopper ID] [--expires 12h]`
// prints a development token signed with JWT_SECRET (or the development default), and nothing else.
// The token always expires: after --expires (default 12h), which may not exceed the gateway's
// maximum token lifetime (MAX_TOKEN_LIFETIME, default 24h), since the gateway would refuse it.
const usage = 'usage: npm run token -- --role ROLE [--sub ID] [--client ID] [--partner ID] [--shopper ID] [--expires 12h]';
const fail = (message: string): never => {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
};
let values: Record<string, string | undefined> = {};
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      client: { type: 'string' },
      partner: { type: 'string' },
      shopper: { type: 'string' },
      expires: { type: 'string' },
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
const maxLifetime = parsed.env.MAX_TOKEN_LIFETIME;
const lifetime = values.expires === undefined ? Math.min(DEV_TOKEN_LIFETIME_SECONDS, maxLifetime) : parseDuration(values.expires);
if (lifetime === undefined || lifetime < 1) fail(`--expires must be a duration: a whole number with s, m, h or d (e.g. 12h, 90m, 3600s), got "${values.expires}"`);
if (lifetime! > maxLifetime) fail(`--expires ${values.expires} is longer than the maximum token lifetime (MAX_TOKEN_LIFETIME, ${maxLifetime} s): the gateway would refuse the token`);
const role = values.role!.toUpperCase();
const token = await signDevToken(
  {
    sub: values.sub ?? values.shopper ?? `dev-${role.toLowerCase()}`,
    role,
    clientId: values.client,
    partnerId: values.partner,
    shopperId: values.shopper,
  },
  parsed.env.JWT_SECRET,
  lifetime,
);
process.stdout.write(`${token}\n`);
