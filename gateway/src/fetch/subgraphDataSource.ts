import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { CALLER_CONTEXT_HEADER, conferoError, ERRORS } from '@confero/directives';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../gatewayContext.ts';
import { InFlightRequests } from './inFlightRequests.ts';
import { subgraphFetch } from './subgraphFetch.ts';

/** Options of {@link SubgraphDataSource}. */
export interface SubgraphDataSourceOptions {
  /** The subgraph's name (logs, errors). */
  name: string;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** How long one subgraph request (answer and body) may take, in ms. Default 10000. */
  timeoutMs?: number;
  /** Where failed subgraph requests are logged (URL and cause, never returned to the caller). Default: not logged. */
  logger?: Logger;
  /** Identical queries of the same caller (every caller claim but the request id) in flight at the same time share one subgraph request. Default true. */
  shareInFlightQueries?: boolean;
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Parameters<RemoteGraphQLDataSource['parseBody']>[0];
type FetcherRequest = Parameters<RemoteGraphQLDataSource['parseBody']>[1];

/**
 * Sends subgraph requests with the signed caller context (signed once per request) and the
 * request id, over pooled keep-alive connections (`subgraphFetch`), each bounded by `timeoutMs`. A subgraph
 * that is down, slow or answers garbage yields one error with a stable code
 * (`SUBGRAPH_UNAVAILABLE`, `SUBGRAPH_TIMEOUT`, `SUBGRAPH_BAD_RESPONSE`) and no detail; the
 * gateway returns what the other subgraphs gave. Nothing is cached: the next request tries again.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;
  private readonly log: Logger | undefined;
  private readonly inFlight: InFlightRequests<GatewayGraphQLResponse> | undefined;
  /** Stops a response's deadline once its body is read. */
  private readonly bodyRead: (response: object) => void;

  constructor(options: SubgraphDataSourceOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error(`SubgraphDataSource(${options.name}): timeoutMs must be a positive integer`);
    const fetcher = subgraphFetch(timeoutMs);
    super({ url: options.url, fetcher: fetcher.fetch as unknown as Fetcher });
    this.bodyRead = fetcher.done;
    this.name = options.name;
    this.log = options.logger?.child({ subgraph: options.name });
    this.inFlight = options.shareInFlightQueries === false ? undefined : new InFlightRequests(copyResponse);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const key = this.inFlight ? sharedQueryKey(options) : undefined;
    return key === undefined ? super.process(options) : this.inFlight!.run(key, () => super.process(options));
  }

  /** How many subgraph requests were saved by sharing an identical one in flight. */
  get sharedRequests(): number {
    return this.inFlight?.shared ?? 0;
  }

  /** Reads the body (also of an error response), then stops the request's timer. */
  override async parseBody(response: FetcherResponse, request?: FetcherRequest, context?: GatewayContext): Promise<object | string> {
    try {
      return await super.parseBody(response, request, context);
    } finally {
      this.bodyRead(response);
    }
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = options.request.http?.headers;
    if (!headers) return;
    const context = options.context as GatewayContext | undefined;
    if (!context?.signedCaller) return; // schema loading or health checks: no caller, subgraphs refuse
    headers.set(CALLER_CONTEXT_HEADER, await context.signedCaller());
    headers.set('x-request-id', context.caller.requestId);
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, fetchResponse?: { status?: number }, context?: GatewayContext): never {
    const mapped = classify(error, fetchResponse?.status);
    this.log?.warn({ requestId: context?.caller?.requestId, code: mapped.code, status: fetchResponse?.status, cause: causeOf(error) }, 'subgraph request failed');
    throw subgraphFailure(mapped.code, this.name);
  }
}

/**
 * The key under which identical queries share one subgraph request: every claim of the caller
 * but its request id (so record rules see the same caller), and the subgraph operation with
 * its variables. Undefined — never shared — for mutations, schema loading and health checks.
 * (A request that joins another does not restrict its response's cache policy by the subgraph's
 * Cache-Control header; the API schema has no cache hints, so the policy stays uncacheable.)
 */
function sharedQueryKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
  if (!('incomingRequestContext' in options) || options.incomingRequestContext.operation?.operation !== 'query') return undefined;
  const caller = (options.context as GatewayContext | undefined)?.caller;
  if (!caller) return undefined;
  const { requestId: _perRequest, ...claims } = caller;
  const who = Object.entries(claims).sort(([a], [b]) => (a < b ? -1 : 1));
  const { query, variables, operationName, extensions } = options.request;
  return JSON.stringify([who, query, variables ?? null, operationName ?? null, extensions ?? null]);
}

/** A shared response, copied for one request (the gateway merges into what it gets). */
function copyResponse(response: GatewayGraphQLResponse): GatewayGraphQLResponse {
  const { http, ...body } = response as GatewayGraphQLResponse & { http?: unknown };
  return { ...structuredClone(body), ...(http === undefined ? {} : { http }) } as GatewayGraphQLResponse;
}

export type FailureCode = 'SUBGRAPH_UNAVAILABLE' | 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_BAD_RESPONSE';

/** The stable code of a failed subgraph request (exported for the Hive engine's requests). */
export function classify(error: Error, status: number | undefined): { code: FailureCode } {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return { code: 'SUBGRAPH_TIMEOUT' };
  if (status !== undefined && status >= 200 && status < 300) return { code: 'SUBGRAPH_BAD_RESPONSE' }; // an OK status with a body that is no GraphQL response
  if (status !== undefined) return { code: 'SUBGRAPH_UNAVAILABLE' };
  if (error instanceof SyntaxError || /Expected JSON response body/.test(error.message)) return { code: 'SUBGRAPH_BAD_RESPONSE' };
  return { code: 'SUBGRAPH_UNAVAILABLE' };
}

const MESSAGES: Record<FailureCode, (name: string) => string> = {
  SUBGRAPH_UNAVAILABLE: (name) => `The ${name} service is unavailable; the fields it serves are missing from this response.`,
  SUBGRAPH_TIMEOUT: (name) => `The ${name} service did not answer in time; the fields it serves are missing from this response.`,
  SUBGRAPH_BAD_RESPONSE: (name) => `The ${name} service gave an invalid answer; the fields it serves are missing from this response.`,
};

/** The caller-facing error of a failed subgraph request: field-level, so a partial response stays 200. */
export function subgraphFailure(code: FailureCode, name: string): GraphQLError {
  return conferoError(code, MESSAGES[code](name), { serviceName: name });
}

export function causeOf(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [error.name, error.message, cause?.code ?? cause?.message].filter(Boolean).join(': ').slice(0, 300);
}

/** Codes of errors that mean "a service behind the gateway failed", with the status of a response that has nothing else. */
const FAILURE_STATUS: Record<string, number> = Object.fromEntries(
  (['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_BAD_RESPONSE', 'SUBGRAPH_TIMEOUT', 'DATABASE_UNAVAILABLE'] as const).map((code) => [code, ERRORS[code].httpStatus]),
);

/**
 * The HTTP status of a result that has no data because services behind the gateway failed
 * (502; 504 when every failure was a timeout, 503 when every one was a database outage);
 * undefined when there is data or another error is involved.
 */
export function subgraphFailureStatus(result: { data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }): number | undefined {
  if (result.data != null || !result.errors?.length) return undefined;
  const statuses = new Set<number | undefined>(result.errors.map((e) => FAILURE_STATUS[String(e.extensions?.code ?? '')]));
  if (statuses.has(undefined)) return undefined;
  return statuses.size === 1 ? [...statuses][0] : 502;
}
