import { parseArgs } from 'node:util';
import { parseGatewayEnv } from '../config/gatewayEnv.ts';
import { signDevToken } from '../auth/signDevToken.ts';

// `npm run token -- --role ROLE [--sub ID] [--client ID] [--partner ID] [--shopper ID] [--expires 12h]`
// prints a development token signed with JWT_SECRET (or the development default), and nothing else.
const usage = 'usage: npm run token -- --role ROLE [--sub ID] [--client ID] [--partner ID] [--shopper ID] [--expires 12h]';
let values: Record<string, string | undefined>;
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
  process.stderr.write(`${(err as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (!values.role) {
  process.stderr.write(`--role is required\n${usage}\n`);
  process.exit(2);
}
const parsed = parseGatewayEnv();
if ('errors' in parsed || !parsed.env.JWT_SECRET) {
  process.stderr.write(`cannot sign: ${'errors' in parsed ? parsed.errors.join('; ') : 'JWT_SECRET is not set (the gateway uses JWKS or a public key)'}\n`);
  process.exit(2);
}
const role = values.role.toUpperCase();
const token = await signDevToken(
  {
    sub: values.sub ?? values.shopper ?? `dev-${role.toLowerCase()}`,
    role,
    clientId: values.client,
    partnerId: values.partner,
    shopperId: values.shopper,
  },
  parsed.env.JWT_SECRET,
  values.expires ?? '12h',
);
process.stdout.write(`${token}\n`);
