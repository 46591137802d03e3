/**
 * True when an `Accept` header names `text/html` (with a non-zero quality): a browser
 * navigating to the page. GraphQL clients ask for JSON (`application/json`,
 * `application/graphql-response+json`) or for anything (`*\/*`), and keep getting JSON.
 */
export function acceptsHtml(accept: string | string[] | undefined): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : accept;
  if (!value) return false;
  return value.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'text/html') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
