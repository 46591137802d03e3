import { CALLER_CONTEXT_HEADER } from '@confero/directives';

/** A GraphQL response as the subgraphs send it. */
export interface SubgraphResponse {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** Options of {@link callSubgraph}. */
export interface CallSubgraphOptions {
  /** The signed caller context (`signCallerContext`). Default: none (the subgraph answers 401). */
  callerContext?: string;
  /** Extra request headers. Default none. */
  headers?: Record<string, string>;
}

/** POSTs one operation to a subgraph (tests, tools); returns the status, the raw body and the parsed JSON. */
export async function callSubgraph(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: CallSubgraphOptions = {},
): Promise<{ status: number; body: string; json: SubgraphResponse }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.callerContext !== undefined) headers[CALLER_CONTEXT_HEADER] = options.callerContext;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.text();
  return { status: res.status, body, json: JSON.parse(body) as SubgraphResponse };
}
