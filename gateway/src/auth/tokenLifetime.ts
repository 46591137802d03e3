import type { JWTPayload } from 'jose';

/** Longest a caller's token may live when the gateway is not told otherwise: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * How much later than `now + max` a token's `exp` may lie, in seconds: the identity provider's
 * clock and the gateway's may differ by this much. `exp - iat` is checked without it.
 */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * Why a verified token's lifetime is not acceptable, or `undefined` when it is: a token must
 * have an `exp`, and live at most `maxSeconds` — by its own account (`exp - iat`, when it has an
 * `iat`) and from now on (`exp - now`, within {@link TOKEN_CLOCK_SKEW_SECONDS}). A token that
 * never ends, or ends in a year, is a standing key to the data its role may see.
 */
export function tokenLifetimeProblem(payload: JWTPayload, maxSeconds: number, nowSeconds = Date.now() / 1000): string | undefined {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') return 'it has no expiry (exp claim); tokens must expire';
  if (typeof iat === 'number' && exp - iat > maxSeconds) {
    return `it lives ${Math.round(exp - iat)} s (exp - iat), longer than the maximum token lifetime of ${maxSeconds} s`;
  }
  if (exp - nowSeconds > maxSeconds + TOKEN_CLOCK_SKEW_SECONDS) {
    return `it expires in ${Math.round(exp - nowSeconds)} s, later than the maximum token lifetime of ${maxSeconds} s allows`;
  }
  return undefined;
}
