import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPolicy } from '@confero/directives';
import { z } from 'zod';
import { signDevToken } from '../auth/signDevToken.ts';
import { BodyTooLargeError, readBody } from '../http/readBody.ts';
import { sendGraphQLError, sendJson } from '../http/sendJson.ts';
import { identityClaimOfScope } from '../auth/identityClaimOfScope.ts';
import { isSameOrigin } from './isSameOrigin.ts';

/** Options of {@link devTokenRoute}. */
export interface DevTokenRouteOptions {
  /** The policy in force (read per request: it may be reloaded). */
  policy: () => CompiledPolicy;
  /** The HS256 secret the gateway verifies tokens with (the development default). */
  secret: string;
  /** Lifetime of a minted token, in seconds. */
  lifetimeSeconds: number;
}

const id = z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an id is 1 to 64 letters, digits, or _ . : -');
/** The caller chosen on the page: a role, and the identity claims the policy's scopes name (validated against the policy below). */
const requestSchema = z.object({ role: z.string().min(1).max(64) }).catchall(id);

/**
 * `POST /explorer/token` (development only): a short-lived token for the caller chosen on the
 * explorer page. Only the page itself may ask (same origin, JSON body); the role must be the
 * policy's, and the claim its record scope names (`scopes.<scope>.claim` in the policy) is
 * required and is the only identity claim set (no other is accepted). The token has `exp`.
 */
export function devTokenRoute(options: DevTokenRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isSameOrigin(req)) {
      return sendGraphQLError(res, 'CROSS_ORIGIN_REFUSED', 'Development tokens are given to the explorer page of this gateway only.');
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendGraphQLError(res, 'UNSUPPORTED_MEDIA_TYPE', 'Send the caller as application/json.');
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, 4096)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendGraphQLError(res, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 4096 bytes.');
      return sendGraphQLError(res, 'BAD_REQUEST', 'The body is not valid JSON.');
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      return sendGraphQLError(res, 'BAD_REQUEST', `Bad caller: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}.`);
    }
    const { role, ...claims } = parsed.data;
    const policy = options.policy();
    if (!policy.hasRole(role)) return sendGraphQLError(res, 'UNKNOWN_ROLE', `The role "${role}" is not known to policy ${policy.version}.`);
    const unknown = Object.keys(claims).filter((c) => !policy.claims.includes(c));
    if (unknown.length > 0) return sendGraphQLError(res, 'BAD_REQUEST', `Bad caller: ${unknown.join(', ')}: not a claim the policy's scopes name (${policy.claims.join(', ') || 'none'}).`);
    const claim = identityClaimOfScope(policy, policy.scopeOf(role)) ?? null;
    const identity = claim ? claims[claim] : undefined;
    if (claim && !identity) {
      return sendGraphQLError(res, 'BAD_REQUEST', `Role ${role} has record scope ${policy.scopeOf(role)}: its token needs ${claim}.`);
    }
    const sub = `explorer-${role.toLowerCase()}${identity ? `-${identity}` : ''}`;
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + options.lifetimeSeconds) * 1000);
    const token = await signDevToken({ sub, role, ...(claim && identity ? { [claim]: identity } : {}) }, options.secret, options.lifetimeSeconds);
    sendJson(res, 200, { token, expiresAt: expiresAt.toISOString(), claims: { sub, role, ...(claim ? { [claim]: identity } : {}) } }, { 'cache-control': 'no-store' });
  };
}
