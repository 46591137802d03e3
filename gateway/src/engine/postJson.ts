import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** Where a subgraph listens: the URL split once, so no request parses it again. */
export interface PostTarget {
  readonly origin: string;
  readonly path: string;
}

/** A subgraph's answer as it came: status, whether it says it is JSON, and the body's text. */
export interface PostedAnswer {
  readonly status: number;
  readonly json: boolean;
  readonly text: string;
}

/** Splits a subgraph URL into origin and path (with the query string). */
export function postTargetOf(url: string): PostTarget {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/**
 * POSTs a JSON body through undici's dispatcher with a handler of its own: no URL parsed, no
 * body stream, no promise per step; the answer's chunks are joined once at the end. Bounded by
 * `timeoutMs` from the start to the end of the body: past it the request is aborted and the
 * promise rejects with a `TimeoutError`. A failure to connect or a broken answer rejects with
 * undici's error.
 */
export function postJson(dispatcher: Dispatcher, target: PostTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostedAnswer> {
  return new Promise<PostedAnswer>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let json = false;
    const chunks: Buffer[] = [];
    const settle = (error: Error | undefined, answer?: PostedAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      settle(error);
      controller?.abort(error);
    }, timeoutMs);
    timer.unref();
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (settled) started.abort(new Error('timed out before it was sent'));
      },
      onResponseStart(_controller, statusCode, responseHeaders: IncomingHttpHeaders) {
        status = statusCode;
        const type = responseHeaders['content-type'];
        const value = Array.isArray(type) ? type[0] : type;
        json = value !== undefined && (value.startsWith('application/json') || value.startsWith('application/graphql-response+json'));
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle(undefined, { status, json, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_controller, error) {
        settle(error);
      },
    };
    try {
      dispatcher.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers, body, headersTimeout: 0, bodyTimeout: 0 }, handler);
    } catch (err) {
      settle(err as Error);
    }
  });
}
