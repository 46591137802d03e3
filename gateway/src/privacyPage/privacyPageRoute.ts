import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPolicy, PiiIndex } from '@confero/directives';
import { renderPrivacyPage } from './renderPrivacyPage.ts';

/** Options of {@link privacyPageRoute}. */
export interface PrivacyPageRouteOptions {
  /** The compiled policy the gateway enforces. */
  policy: CompiledPolicy;
  /** The PII index the gateway enforces (the engine's; undefined until the supergraph is loaded). */
  piiIndex: () => PiiIndex | undefined;
  /** Where the explorer is served (the page links to it). Default: not served, no link. */
  explorerPath?: string;
}

/** `GET /privacy`: the policy matrix page, rendered once per loaded schema. */
export function privacyPageRoute(options: PrivacyPageRouteOptions) {
  const pages = new WeakMap<PiiIndex, string>();
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const index = options.piiIndex();
    if (!index) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('The supergraph is not loaded yet.\n');
      return;
    }
    let page = pages.get(index);
    if (page === undefined) pages.set(index, (page = renderPrivacyPage(options.policy, index, { explorerPath: options.explorerPath })));
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(page);
  };
}
