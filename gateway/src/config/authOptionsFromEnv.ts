import type { AuthenticatorOptions } from '../auth/createAuthenticator.ts';
import type { GatewayEnv } from './gatewayEnv.ts';

/** How callers' tokens are verified, from the validated environment (see the README's configuration table). */
export function authOptionsFromEnv(env: GatewayEnv): AuthenticatorOptions {
  return {
    jwtSecret: env.JWT_SECRET,
    jwksUrl: env.JWKS_URL,
    publicKeyPem: env.JWT_PUBLIC_KEY,
    publicKeyAlg: env.JWT_ALG,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    allowAnonymous: env.ALLOW_ANONYMOUS,
    maxTokenLifetimeSeconds: env.MAX_TOKEN_LIFETIME,
  };
}
