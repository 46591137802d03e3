import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ErrorCode } from '@confero/directives';
import type { Logger } from 'pino';
import type { GatewayContext } from '../gatewayContext.ts';
import { checkVariablesParameter, parseRequestBody, type BodyRules } from './parseRequestBody.ts';
import { BodyTooLargeError, readBody } from './readBody.ts';
import { requestIdsOf, type RequestIds } from './requestIds.ts';
import { sendGraphQLError, sendJson } from './sendJson.ts';

/** What the HTTP layer needs to turn a request into a GraphQL context, or refuse it. */
export type ContextResolver = (req: IncomingMessage, ids: RequestIds) => Promise<{ context: GatewayContext } | ContextRefusal>;

/** Why a request gets no context: a registered code (its HTTP status is the response's), a message, extensions to add. */
export interface ContextRefusal {
  code: ErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  resolveContext: ContextResolver;
  /** GraphQL endpoint path. Default `/graphql`. */
  path?: string;
  /** Largest accepted request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Batch size and variables limits. Default: batching off, variables up to 64 KiB. */
  bodyRules?: BodyRules;
  /** Extra GET routes (e.g. `/health`, `/privacy`, `/metrics`). */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;
  logger: Logger;
}

/** The gateway's node:http request handler: routes, authentication, then Apollo Server. */
export function createHttpHandler(options: HttpHandlerOptions) {
  const path = options.path ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const bodyRules = options.bodyRules ?? { maxBatchSize: 0, maxVariablesBytes: 64 * 1024 };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    try {
      const route = req.method === 'GET' ? options.routes?.[url.pathname] : undefined;
      if (route) return await route(req, res);
      if (url.pathname !== path) return sendJson(res, 404, { error: 'not found' });
      if (req.method !== 'POST' && req.method !== 'GET') {
        return sendGraphQLError(res, 'METHOD_NOT_ALLOWED', 'Use POST (or GET for queries).', {});
      }
      const ids = requestIdsOf(req);
      const { requestId } = ids;
      const resolved = await options.resolveContext(req, ids);
      if (!('context' in resolved)) {
        return sendGraphQLError(res, resolved.code, resolved.message, { requestId, ...resolved.extensions });
      }
      const parsed =
        req.method === 'POST'
          ? parseRequestBody(await readBody(req, maxBodyBytes), req.headers['content-type'], bodyRules)
          : (checkVariablesParameter(url.searchParams, bodyRules.maxVariablesBytes) ?? { body: undefined });
      if ('refused' in parsed) return sendGraphQLError(res, parsed.refused.code, parsed.refused.message, { requestId }, parsed.refused.status);
      const { body } = parsed;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: async () => resolved.context,
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.setHeader('x-request-id', requestId);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        return sendGraphQLError(res, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes.`);
      }
      options.logger.error({ err: (err as Error).message }, 'request failed');
      if (!res.headersSent) sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
      else res.end();
    }
  };
}
