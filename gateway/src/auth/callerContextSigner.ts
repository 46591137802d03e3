import { CALLER_CONTEXT_MAX_LIFETIME_SECONDS, signCallerContext, type Caller } from '@confero/directives';

/** A context is signed again once it is this old, so one in use always has half its life left. */
const RESIGN_AFTER_MS = (CALLER_CONTEXT_MAX_LIFETIME_SECONDS * 1000) / 2;

/**
 * The caller context of one request for its subgraph requests: signed on first use, with the
 * lifetime the subgraphs accept ({@link CALLER_CONTEXT_MAX_LIFETIME_SECONDS}), and signed again
 * once half of it has passed, so that a request that runs long (sequential subgraph fetches)
 * never sends a context that expires on the way.
 */
export function callerContextSigner(caller: Caller, secret: CryptoKey, now: () => number = Date.now): () => Promise<string> {
  let signed: Promise<string> | undefined;
  let signedAt = 0;
  return () => {
    const at = now();
    if (!signed || at - signedAt >= RESIGN_AFTER_MS) {
      signed = signCallerContext(caller, { secret });
      signedAt = at;
    }
    return signed;
  };
}
