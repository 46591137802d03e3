import { CALLER_CONTEXT_HEADER, type Caller } from '@confero/directives';
import type { Logger } from 'pino';
import type { GatewayContext } from '../gatewayContext.ts';
import { InFlightRequests } from '../fetch/inFlightRequests.ts';
import { causeOf, classify, subgraphFailure, type FailureCode } from '../fetch/subgraphDataSource.ts';
import { sharedAgent } from '../fetch/subgraphFetch.ts';
import { postJson, type PostedAnswer, type PostTarget } from './postJson.ts';
import type { SubgraphAnswer } from './subgraphError.ts';

/** Options of {@link SubgraphRequests}. */
export interface SubgraphRequestsOptions {
  /** How long one subgraph request (answer and body) may take, in ms. Default 10000. */
  timeoutMs?: number;
  /** Where failed subgraph requests are logged (subgraph, code, cause; never returned to the caller). Default: not logged. */
  logger?: Logger;
  /** Identical queries of the same caller (every caller claim but the request id) in flight at the same time share one subgraph request. Default true. */
  shareInFlightQueries?: boolean;
}

/** Which subgraph a request goes to. */
export interface SubgraphTarget {
  readonly name: string;
  readonly url: string;
  /** The URL split into origin and path. */
  readonly post: PostTarget;
}

/**
 * The Hive engine's subgraph requests, with the same guarantees as `SubgraphDataSource`: each
 * carries the caller's signed context (`x-confero-caller`) and request id, is bounded by
 * `timeoutMs`, goes over the pooled keep-alive connections `SubgraphDataSource` uses (no
 * redirect followed, no compression asked for; `postJson`), and a failure
 * becomes one error with a stable code (`SUBGRAPH_UNAVAILABLE`, `SUBGRAPH_TIMEOUT`,
 * `SUBGRAPH_BAD_RESPONSE`) and no detail. Identical queries in flight share one request only
 * within one caller's claims; each sharer parses its own copy of the answer.
 */
export class SubgraphRequests {
  private readonly timeoutMs: number;
  private readonly log: Logger | undefined;
  private readonly inFlight: InFlightRequests<PostedAnswer> | undefined;
  private readonly callerKeys = new WeakMap<Caller, string>();

  constructor(options: SubgraphRequestsOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error('SubgraphRequests: timeoutMs must be a positive integer');
    this.timeoutMs = timeoutMs;
    this.log = options.logger;
    // Strings are immutable: a shared answer needs no copy, each sharer parses its own.
    this.inFlight = options.shareInFlightQueries === false ? undefined : new InFlightRequests<PostedAnswer>((answer) => answer);
  }

  /** How many subgraph requests were saved by sharing an identical one in flight. */
  get sharedRequests(): number {
    return this.inFlight?.shared ?? 0;
  }

  /** Sends `body` to the subgraph for the request `context`; `shareable` only for queries. Rejects with the caller-facing error. */
  async send(target: SubgraphTarget, body: string, context: GatewayContext, shareable: boolean): Promise<SubgraphAnswer> {
    let raw: PostedAnswer;
    try {
      raw = shareable && this.inFlight
        ? await this.inFlight.run(`${this.callerKey(context.caller)}\u0000${target.url}\u0000${body}`, () => this.post(target, body, context))
        : await this.post(target, body, context);
    } catch (err) {
      throw this.failed(target, context, classify(err as Error, undefined).code, undefined, err as Error);
    }
    if (raw.status < 200 || raw.status >= 300) throw this.failed(target, context, 'SUBGRAPH_UNAVAILABLE', raw.status);
    const parsed = raw.json ? parse(raw.text) : undefined;
    if (!parsed) throw this.failed(target, context, 'SUBGRAPH_BAD_RESPONSE', raw.status);
    return parsed;
  }

  private async post(target: SubgraphTarget, body: string, context: GatewayContext): Promise<PostedAnswer> {
    const headers = {
      'content-type': 'application/json',
      [CALLER_CONTEXT_HEADER]: await context.signedCaller(),
      'x-request-id': context.caller.requestId,
    };
    return postJson(sharedAgent, target.post, headers, body, this.timeoutMs);
  }

  /** Every claim of the caller but its request id: requests are shared only between callers whose subgraph answers are the same. */
  private callerKey(caller: Caller): string {
    let key = this.callerKeys.get(caller);
    if (key === undefined) {
      const { requestId: _perRequest, ...claims } = caller;
      key = JSON.stringify(Object.entries(claims).sort(([a], [b]) => (a < b ? -1 : 1)));
      this.callerKeys.set(caller, key);
    }
    return key;
  }

  private failed(target: SubgraphTarget, context: GatewayContext, code: FailureCode, status: number | undefined, error?: Error) {
    this.log?.warn({ requestId: context.caller.requestId, subgraph: target.name, code, status, cause: error ? causeOf(error) : undefined }, 'subgraph request failed');
    return subgraphFailure(code, target.name);
  }
}

/** A GraphQL response body, or undefined when the text is not one (no JSON object, `errors` not a list). */
function parse(text: string): SubgraphAnswer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (errors === undefined || errors === null) return { data };
  if (!Array.isArray(errors)) return undefined;
  return { data, errors: errors.map((e) => (typeof e === 'object' && e !== null && !Array.isArray(e) ? (e as Record<string, unknown>) : {})) };
}
