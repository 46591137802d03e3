import type { IncomingMessage } from 'node:http';

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * True when a request comes from a page of this very origin: its `Origin` header (which a
 * browser always sends on a POST and a page cannot forge) names the host the request was sent
 * to, and `Sec-Fetch-Site`, when the browser sends it, says `same-origin`. A request without an
 * `Origin` (curl, another server) is not same-origin.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = first(req.headers.origin);
  const host = first(req.headers.host);
  if (!origin || !host) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== host.toLowerCase()) return false;
  const site = first(req.headers['sec-fetch-site']);
  return site === undefined || site === 'same-origin';
}
