import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '@confero/directives';
import type { Logger } from 'pino';
import type { GatewayContext } from '../gatewayContext.ts';
import type { ContextResolver } from '../http/createHttpHandler.ts';
import type { GatewayMetrics } from './createGatewayMetrics.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** What is known about one GraphQL request by the time its response has gone. */
interface RequestRecord {
  readonly started: number;
  requestId?: string;
  /** The caller's own `x-request-id`, if it sent one. */
  clientRequestId?: string;
  role?: string;
  purpose?: string | null;
  operationName?: string | null;
  /** Apollo resolved the operation (an unnamed one is `anonymous`, not `none`). */
  resolved: boolean;
}

/**
 * Per-request telemetry of the GraphQL endpoint: one log line per request (request id, the
 * caller's own request id when it sent one, operation, role, purpose, status, duration; never
 * a value), the request counter and latency histogram, and subgraph errors. Three hooks feed one record per request: the wrapped HTTP
 * handler (start, finish), the wrapped context resolver (request id, caller) and an Apollo
 * plugin (operation name, errors).
 */
export class RequestTelemetry {
  private readonly byRequest = new WeakMap<IncomingMessage, RequestRecord>();
  /** By the request's caller object: Apollo Server hands plugins a shallow copy of the context, with the same caller. */
  private readonly byCaller = new WeakMap<Caller, RequestRecord>();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly path = '/graphql',
  ) {}

  /** Wraps the node:http handler: requests to the GraphQL path are timed, counted and logged. */
  wrap(handler: Handler): Handler {
    return (req, res) => {
      const url = req.url ?? '/';
      if (!url.startsWith(this.path) || (url.length > this.path.length && url[this.path.length] !== '?')) return handler(req, res);
      const record: RequestRecord = { started: performance.now(), resolved: false };
      this.byRequest.set(req, record);
      res.once('close', () => this.finish(res, record));
      return handler(req, res);
    };
  }

  /** Wraps the context resolver: remembers the request id and the caller's role and purpose. */
  resolveContext(inner: ContextResolver): ContextResolver {
    return async (req, ids) => {
      const record = this.byRequest.get(req);
      if (record) {
        record.requestId = ids.requestId;
        record.clientRequestId = ids.clientRequestId;
      }
      const resolved = await inner(req, ids);
      if (record && 'context' in resolved) {
        record.role = resolved.context.caller.role;
        record.purpose = resolved.context.caller.purpose;
        this.byCaller.set(resolved.context.caller, record);
      }
      return resolved;
    };
  }

  /** The Apollo Server plugin: operation names and errors that came from subgraphs. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    const { byCaller, metrics } = this;
    return {
      async requestDidStart({ contextValue }) {
        const record = byCaller.get(contextValue.caller);
        return {
          async didResolveOperation({ operationName }) {
            if (!record) return;
            record.operationName = operationName;
            record.resolved = true;
          },
          async didEncounterErrors({ errors }) {
            for (const error of errors) {
              const subgraph = error.extensions?.serviceName;
              if (typeof subgraph === 'string') metrics.subgraphErrors.labels(subgraph, String(error.extensions?.code ?? 'UNKNOWN')).inc();
            }
          },
        };
      },
    };
  }

  private finish(res: ServerResponse, record: RequestRecord): void {
    const seconds = (performance.now() - record.started) / 1000;
    // 499: the client went away before the response was complete.
    const status = res.writableFinished ? res.statusCode : 499;
    const operation = this.metrics.operationLabel(record.operationName, record.resolved);
    this.metrics.requests.labels(operation, String(status)).inc();
    this.metrics.requestDuration.labels(operation).observe(seconds);
    this.logger.info(
      {
        requestId: record.requestId,
        ...(record.clientRequestId === undefined ? {} : { clientRequestId: record.clientRequestId }),
        operationName: record.operationName ?? null,
        role: record.role,
        purpose: record.purpose,
        status,
        ms: Math.round(seconds * 10_000) / 10,
      },
      'request',
    );
  }
}
