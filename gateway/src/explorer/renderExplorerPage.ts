import type { ExplorerBundle, ExplorerConfig } from '@confero/explorer';
import { escapeHtml } from '../privacyPage/html.ts';
import { EXPLORER_PATHS } from './explorerConfigFor.ts';

/** The page's Content-Security-Policy: its own scripts, styles, fonts and workers only; requests to this origin only. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The configuration as JSON that is safe inside a `<script type="application/json">` element. */
export function configJson(config: ExplorerConfig): string {
  return JSON.stringify(config).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The explorer's HTML: the bundle's stylesheet and script, and the configuration as inert JSON (no inline script). */
export function renderExplorerPage(config: ExplorerConfig, bundle: Pick<ExplorerBundle, 'script' | 'style'>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Explorer · policy ${escapeHtml(config.policyVersion)} · Confero gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${EXPLORER_PATHS.assets}${escapeHtml(bundle.style)}">
<script type="application/json" id="explorer-config">${configJson(config)}</script>
<script defer src="${EXPLORER_PATHS.assets}${escapeHtml(bundle.script)}"></script>
</head>
<body><div id="explorer"><noscript>The explorer needs JavaScript. The policy itself is on <a href="${escapeHtml(config.privacyPath ?? '/privacy')}">the policy page</a>.</noscript></div></body></html>
`;
}
