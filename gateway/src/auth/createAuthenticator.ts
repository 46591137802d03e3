import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ANONYMOUS_ROLE, type Identity } from './identity.ts';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, tokenLifetimeProblem } from './tokenLifetime.ts';
import { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './verifiedTokenCache.ts';

/** Options of {@link createAuthenticator}. At least one key source is required. */
export interface AuthenticatorOptions {
  /** HS256 shared secret (development). Default: none. */
  jwtSecret?: string;
  /** JWKS URL of the identity provider (production). Default: none. */
  jwksUrl?: string;
  /** A JWKS document given inline (`{ keys: [...] }`). Default: none. */
  jwks?: { keys: object[] };
  /** PEM public key (SPKI) for RS256 / ES256 tokens. Default: none. */
  publicKeyPem?: string;
  /** Algorithm of `publicKeyPem`. Default `RS256`. */
  publicKeyAlg?: string;
  /** Required `iss` claim. Default: not checked. */
  issuer?: string;
  /** Required `aud` claim. Default: not checked. */
  audience?: string;
  /** Callers without a token get the ANONYMOUS role (non-PII only); while false, a token that claims that role is refused too. Default false. */
  allowAnonymous?: boolean;
  /**
   * Longest a token may live, in seconds: a token without `exp` is refused, and so is one whose
   * `exp - iat` or `exp - now` is longer (`exp - now` with 60 s allowed for clock skew).
   * Default 86400 (24 hours).
   */
  maxTokenLifetimeSeconds?: number;
  /**
   * The identity claims read from a token (non-empty strings) and carried in the caller's
   * identity, and so in the caller context the subgraphs get: the claims the policy's record
   * scopes name (`startGateway` takes them from the policy). Default: none.
   */
  identityClaims?: readonly string[] | (() => readonly string[]);
  /**
   * The identity claim a role's tokens must carry, if any (the claim its record scope names;
   * the gateway derives it from the policy). A token without it is refused. Default: no claim required.
   */
  identityClaimOf?: (role: string) => string | undefined;
  /** Verified tokens remembered by their exact string, so a token sent again skips the signature check. Default: 10000 tokens, each for at most 60 s and never past its `exp`; `{ maxEntries: 0 }` turns it off. */
  tokenCache?: VerifiedTokenCacheOptions;
}

export type AuthResult = { identity: Identity } | { error: { code: 'UNAUTHENTICATED' | 'INVALID_TOKEN'; message: string } };
export type Authenticator = (authorization: string | undefined) => Promise<AuthResult>;

/** Claims an identity never takes from a token: they are the identity's own or the caller context's. */
const RESERVED_CLAIMS: ReadonlySet<string> = new Set(['sub', 'role', 'purpose', 'requestId', 'rid', 'iss', 'aud', 'iat', 'exp', 'nbf', 'jti']);

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Builds the function that turns an `Authorization` header into a verified identity. */
export async function createAuthenticator(options: AuthenticatorOptions): Promise<Authenticator> {
  const verifiers: Array<(token: string) => Promise<JWTPayload>> = [];
  const claims = { issuer: options.issuer, audience: options.audience };
  if (options.jwtSecret) {
    // Imported once: jose would import raw key bytes again on every verification.
    const secret = await crypto.subtle.importKey('raw', new TextEncoder().encode(options.jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifiers.push(async (t) => (await jwtVerify(t, secret, { ...claims, algorithms: ['HS256'] })).payload);
  }
  const keySet: JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : options.jwks
      ? createLocalJWKSet(options.jwks as Parameters<typeof createLocalJWKSet>[0])
      : undefined;
  if (keySet) verifiers.push(async (t) => (await jwtVerify(t, keySet, { ...claims, algorithms: ASYMMETRIC })).payload);
  if (options.publicKeyPem) {
    const alg = options.publicKeyAlg ?? 'RS256';
    const key = await importSPKI(options.publicKeyPem, alg);
    verifiers.push(async (t) => (await jwtVerify(t, key, { ...claims, algorithms: [alg] })).payload);
  }
  if (verifiers.length === 0) throw new Error('authenticator: configure JWT_SECRET, JWKS_URL or JWT_PUBLIC_KEY');
  const maxLifetime = options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(maxLifetime) || maxLifetime < 1) throw new Error(`authenticator: maxTokenLifetimeSeconds must be a positive whole number, got ${maxLifetime}`);
  const toIdentity = identityOf({
    maxLifetime,
    allowAnonymous: options.allowAnonymous ?? false,
    identityClaims: identityClaimsOf(options.identityClaims),
    identityClaimOf: options.identityClaimOf,
  });
  const verified = new VerifiedTokenCache<{ identity: Identity }>(options.tokenCache);

  return async (authorization) => {
    if (!authorization) {
      if (options.allowAnonymous) return { identity: { sub: 'anonymous', role: ANONYMOUS_ROLE } };
      return { error: { code: 'UNAUTHENTICATED', message: 'An Authorization: Bearer <JWT> header is required.' } };
    }
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
    if (!match) return { error: { code: 'INVALID_TOKEN', message: 'The Authorization header must be "Bearer <JWT>".' } };
    const token = match[1]!;
    const known = verified.get(token);
    if (known) return known;
    let lastError = 'the token could not be verified';
    for (const verify of verifiers) {
      try {
        const payload = await verify(token);
        const result = toIdentity(payload);
        if ('identity' in result) verified.set(token, Object.freeze(result), payload.exp);
        return result;
      } catch (err) {
        lastError = describe(err);
      }
    }
    return { error: { code: 'INVALID_TOKEN', message: `Invalid token: ${lastError}.` } };
  };
}

/** Turns a token whose signature is verified into an identity, or says what the token lacks. */
/** The claims to read, now: a fixed list, or the one the policy in force names (it may be reloaded). */
function identityClaimsOf(option: AuthenticatorOptions['identityClaims']): () => readonly string[] {
  if (typeof option === 'function') return () => option().filter((c) => !RESERVED_CLAIMS.has(c));
  const fixed = [...new Set(option ?? [])].filter((c) => !RESERVED_CLAIMS.has(c));
  return () => fixed;
}

function identityOf(rules: { maxLifetime: number; allowAnonymous: boolean; identityClaims: () => readonly string[]; identityClaimOf: AuthenticatorOptions['identityClaimOf'] }) {
  const refuse = (why: string): AuthResult => ({ error: { code: 'INVALID_TOKEN', message: `Invalid token: ${why}.` } });
  return (payload: JWTPayload): AuthResult => {
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof payload.role !== 'string') return refuse('the sub and role claims are required');
    const lifetime = tokenLifetimeProblem(payload, rules.maxLifetime);
    if (lifetime) return refuse(lifetime);
    const { role } = payload;
    if (role === ANONYMOUS_ROLE && !rules.allowAnonymous) return refuse(`the role ${ANONYMOUS_ROLE} is kept for callers without a token, and anonymous access is off`);
    const text = (name: string): string | undefined => (typeof payload[name] === 'string' && payload[name] !== '' ? (payload[name] as string) : undefined);
    const identity: Identity = { sub: payload.sub, role };
    for (const claim of rules.identityClaims()) {
      const value = text(claim);
      if (value !== undefined) identity[claim] = value;
    }
    // Frozen: a cached identity is shared by every request that sends the same token.
    Object.freeze(identity);
    const claim = rules.identityClaimOf?.(role);
    if (claim && identity[claim] === undefined) return { error: { code: 'INVALID_TOKEN', message: missingIdentityClaim(role, claim) } };
    return { identity };
  };
}

/** Why a token of `role` is refused without the `claim` its record scope reads. */
export function missingIdentityClaim(role: string, claim: string): string {
  return `Invalid token: role ${role} sees only its own records and needs the ${claim} claim that names them.`;
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'it has expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the signature does not match';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'its algorithm is not allowed';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `a claim is not valid (${(err as Error).message})`;
    default:
      return 'it is malformed';
  }
}
