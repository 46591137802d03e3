import type { Caller } from '@confero/directives';

/** The per-request context the gateway hands Apollo Server and its data sources. */
export interface GatewayContext {
  caller: Caller;
  /** Reject operations that ask for a denied field (config or `x-privacy-strict: 1`). */
  strict: boolean;
  /** Return the privacy plan instead of running the operation (`x-privacy-explain: 1`). */
  explain: boolean;
  /** The caller context signed for the subgraphs; computed once per request, on first use. */
  signedCaller: () => Promise<string>;
}
