import type { ServerResponse } from 'node:http';
import { ERRORS, type ErrorCode } from '@confero/directives';

/** Writes a JSON body with a status code. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/**
 * Writes a GraphQL-shaped error response (`{ errors: [{ message, extensions: { code, ...extra } }] }`)
 * for a registered code, with the code's HTTP status from the registry (or `status`, where the
 * registry's would say less: a gateway still starting answers 503, not 500).
 */
export function sendGraphQLError(res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, unknown> = {}, status: number = ERRORS[code].httpStatus): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extra } }] });
}
