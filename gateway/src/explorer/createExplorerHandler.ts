import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPolicy } from '@confero/directives';
import { explorerBundle, type ExplorerBundle } from '@confero/explorer';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/createAuthenticator.ts';
import { sendGraphQLError, sendJson } from '../http/sendJson.ts';
import { acceptsHtml } from './acceptsHtml.ts';
import { devTokenRoute } from './devTokenRoute.ts';
import { EXPLORER_PATHS, explorerConfigFor } from './explorerConfigFor.ts';
import type { ResolvedExplorerOptions } from './explorerOptions.ts';
import { EXPLORER_CSP, renderExplorerPage } from './renderExplorerPage.ts';
import { schemaRoute } from './schemaRoute.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Options of {@link createExplorerHandler}. */
export interface ExplorerHandlerOptions {
  explorer: ResolvedExplorerOptions;
  /** The policy in force (read per request: it may be reloaded). */
  policy: () => CompiledPolicy;
  authenticate: Authenticator;
  /** The gateway's API schema (undefined until the supergraph is loaded). */
  apiSchema: () => GraphQLSchema | undefined;
  /** The GraphQL endpoint. */
  graphqlPath: string;
  /** The policy grid page, when the gateway serves it. */
  privacyPath: string | null;
  /** The gateway answers `x-privacy-explain: 1`. */
  explain: boolean;
  /** Where the built assets come from. Default: this process's {@link explorerBundle}. */
  bundle?: () => Promise<ExplorerBundle>;
  logger: Logger;
}

/** The paths (besides the GraphQL endpoint, for browsers) where the page is served. */
export const EXPLORER_PAGE_PATHS = ['/', '/explorer'];

/**
 * The explorer in front of the gateway's own handler: `GET /`, `GET /explorer` and a
 * browser's `GET /graphql` (Accept: text/html) get the page; `/explorer/assets/*` its built
 * files; in development `POST /explorer/token` and `GET /explorer/schema`. Everything else —
 * every GraphQL request, JSON GETs included — goes to `next` unchanged.
 */
export function createExplorerHandler(options: ExplorerHandlerOptions): (next: Handler) => Handler {
  const logger = options.logger.child({ component: 'explorer' });
  const loadBundle = options.bundle ?? explorerBundle;
  const dev = options.explorer.devTokens;
  const mint = dev ? devTokenRoute({ policy: options.policy, secret: dev.secret, lifetimeSeconds: dev.lifetimeSeconds }) : undefined;
  const schema = dev ? schemaRoute({ policy: options.policy, authenticate: options.authenticate, apiSchema: options.apiSchema }) : undefined;
  let page: { bundle: ExplorerBundle; policy: CompiledPolicy; html: string } | undefined;

  const bundleOrRefuse = async (res: ServerResponse): Promise<ExplorerBundle | undefined> => {
    try {
      return await loadBundle();
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'the explorer bundle could not be built');
      sendGraphQLError(res, 'EXPLORER_UNAVAILABLE', 'The explorer could not be built; see the gateway log. The GraphQL endpoint is unaffected.');
      return undefined;
    }
  };

  const servePage = async (res: ServerResponse): Promise<void> => {
    const bundle = await bundleOrRefuse(res);
    if (!bundle) return;
    const policy = options.policy();
    if (page?.bundle !== bundle || page.policy !== policy) {
      const config = explorerConfigFor(policy, options.explorer, { graphqlPath: options.graphqlPath, privacyPath: options.privacyPath, explain: options.explain, bundle });
      page = { bundle, policy, html: renderExplorerPage(config, bundle) };
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': EXPLORER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(page.html);
  };

  const serveAsset = async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    const bundle = await bundleOrRefuse(res);
    if (!bundle) return;
    const asset = bundle.files.get(name);
    if (!asset) return sendJson(res, 404, { error: 'not found' });
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip : asset.body;
    res.writeHead(200, {
      'content-type': asset.contentType,
      'content-length': body.length,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      vary: 'accept-encoding',
      // The file name carries a hash of its content.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };

  return (next) => async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://gateway');
    try {
      if (req.method === 'GET') {
        if ((EXPLORER_PAGE_PATHS.includes(pathname) || pathname === options.graphqlPath) && acceptsHtml(req.headers.accept)) return await servePage(res);
        if (pathname.startsWith(EXPLORER_PATHS.assets)) return await serveAsset(req, res, pathname.slice(EXPLORER_PATHS.assets.length));
        if (pathname === EXPLORER_PATHS.schema && schema) return await schema(req, res);
      }
      if (pathname === EXPLORER_PATHS.token && mint) {
        if (req.method !== 'POST') return sendGraphQLError(res, 'METHOD_NOT_ALLOWED', 'Use POST.');
        return await mint(req, res);
      }
    } catch (err) {
      logger.error({ err: (err as Error).message, path: pathname }, 'explorer request failed');
      if (!res.headersSent) sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
      else res.end();
      return;
    }
    return next(req, res);
  };
}
