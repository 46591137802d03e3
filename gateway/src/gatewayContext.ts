import type { Caller } from '@confero/directives';
import type { Deployment } from './deployment/index.ts';

/** The per-request context the gateway hands Apollo Server and its data sources. */
export interface GatewayContext {
  caller: Caller;
  /** The deployment version the request was taken under when it started (policy, supergraph); it decides the request to its end. */
  deployment: Deployment;
  /** The caller's own `x-request-id`, when it sent a valid one: recorded beside the gateway's request id, never as it. */
  clientRequestId?: string;
  /** Reject operations that ask for a denied field (config or `x-privacy-strict: 1`). */
  strict: boolean;
  /** Return the privacy plan instead of running the operation (`x-privacy-explain: 1`). */
  explain: boolean;
  /** The caller context signed for the subgraphs: signed on first use, and again when a long request has used half its life. */
  signedCaller: () => Promise<string>;
}
