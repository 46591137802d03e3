import type { IncomingMessage } from 'node:http';
import type { Caller, CompiledPolicy } from '@confero/directives';
import type { Deployment } from '../deployment/index.ts';
import type { ContextResolver } from '../http/createHttpHandler.ts';
import { callerContextSigner } from './callerContextSigner.ts';
import { checkPurpose } from './checkPurpose.ts';
import { missingIdentityClaim, type Authenticator } from './createAuthenticator.ts';
import { ANONYMOUS_ROLE } from './identity.ts';
import { identityClaimOfScope } from './identityClaimOfScope.ts';

/** Options of {@link createCallerResolver}. */
export interface CallerResolverOptions {
  /** The deployment version in force: its policy knows the roles, their purposes and record scopes. Read once per request. Required. */
  deployment: () => Deployment;
  /** The claim a role's tokens must carry, under a policy. Default: the one its record scope reads (`identityClaimOfScope`). */
  identityClaimOf?: (role: string, policy: CompiledPolicy) => string | undefined;
  /** Verifies the `Authorization` header (`createAuthenticator`). Required. */
  authenticate: Authenticator;
  /** Secret that signs the caller context forwarded to subgraphs. Required. */
  callerContextSecret: string;
  /** Every request is strict (else only those with `x-privacy-strict: 1`). Default false. */
  strict?: boolean;
  /** Callers may ask for the plan (`x-privacy-explain: 1`) instead of running. Default true. */
  allowExplain?: boolean;
}

/**
 * Caller resolution, the request path's second and third steps: the token gives the identity
 * (401 on any defect), and then, under the deployment version in force (taken here, once: the
 * request keeps it to its end), a role whose record scope names the caller's own records
 * needs the claim that names them (401 `INVALID_TOKEN`), the policy must know the role (403
 * `UNKNOWN_ROLE`), and the stated purpose must be one the role may state (`checkPurpose`; no
 * purpose at all is not an error: it denies every `@pii` field; an anonymous caller's purpose
 * is ignored). The result is the request's context: the caller, its deployment version, its
 * strict and explain flags, and its signed caller context (naming the version's policy).
 */
export async function createCallerResolver(options: CallerResolverOptions): Promise<ContextResolver> {
  const { authenticate } = options;
  const identityClaimOf = options.identityClaimOf ?? ((role: string, policy: CompiledPolicy) => identityClaimOfScope(policy, policy.scopeOf(role)));
  // Imported once: jose would import raw key bytes again for every caller context it signs.
  const callerKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(options.callerContextSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const allowExplain = options.allowExplain ?? true;
  return async (req, { requestId, clientRequestId }) => {
    const auth = await authenticate(header(req.headers.authorization));
    if ('error' in auth) return auth.error;
    const { identity } = auth;
    const deployment = options.deployment();
    const { policy } = deployment;
    const claim = identityClaimOf(identity.role, policy);
    if (claim && identity[claim] === undefined) return { code: 'INVALID_TOKEN', message: missingIdentityClaim(identity.role, claim) };
    const stated = header(req.headers['x-purpose'])?.trim();
    const anonymous = identity.role === ANONYMOUS_ROLE;
    if (!anonymous && !policy.hasRole(identity.role)) {
      return { code: 'UNKNOWN_ROLE', message: `The role "${identity.role}" is not known to policy ${policy.version}.` };
    }
    let purpose: string | null = null;
    if (stated && !anonymous) {
      const checked = checkPurpose(policy, identity.role, stated);
      if ('refused' in checked) {
        const { code, message, allowedPurposes } = checked.refused;
        return { code, message, extensions: { allowedPurposes } };
      }
      purpose = checked.purpose;
    }
    const caller: Caller = { ...identity, purpose, requestId, policyDigest: deployment.policyDigest };
    return {
      context: {
        caller,
        deployment,
        clientRequestId,
        strict: options.strict === true || header(req.headers['x-privacy-strict']) === '1',
        explain: allowExplain && header(req.headers['x-privacy-explain']) === '1',
        signedCaller: callerContextSigner(caller, callerKey),
      },
    };
  };
}

function header(value: IncomingMessage['headers'][string]): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
