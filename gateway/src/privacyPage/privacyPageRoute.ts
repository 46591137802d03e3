import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPolicy, PiiIndex } from '@confero/directives';
import { renderPrivacyPage } from './renderPrivacyPage.ts';

/** Options of {@link privacyPageRoute}. */
export interface PrivacyPageRouteOptions {
  /** The policy and the supergraph's `@pii` the gateway enforces now (read per request: they may be reloaded). */
  deployment: () => { policy: CompiledPolicy; piiIndex: PiiIndex };
  /** Where the explorer is served (the page links to it). Default: not served, no link. */
  explorerPath?: string;
}

/** `GET /privacy`: the policy matrix page, rendered once per deployment version. */
export function privacyPageRoute(options: PrivacyPageRouteOptions) {
  const pages = new WeakMap<object, string>();
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const deployment = options.deployment();
    let page = pages.get(deployment);
    if (page === undefined) pages.set(deployment, (page = renderPrivacyPage(deployment.policy, deployment.piiIndex, { explorerPath: options.explorerPath })));
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(page);
  };
}
