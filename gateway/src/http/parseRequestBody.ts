import { ERRORS, type ErrorCode } from '@confero/directives';

/** Options of {@link parseRequestBody}. */
export interface BodyRules {
  /** Most operations in a batch (a JSON array body); 0 refuses batches. */
  maxBatchSize: number;
  /** Largest `variables` object of one operation, as JSON, in bytes. */
  maxVariablesBytes: number;
}

/** A body ready for Apollo Server, or why the request is refused. */
export type ParsedBody = { body: unknown } | { refused: { status: number; code: ErrorCode; message: string } };

/** How deep a `variables` value may nest (no input type of a sane schema comes close). */
const MAX_VARIABLES_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a POST body into the JSON Apollo Server takes, refusing — with a clear status and code —
 * a non-JSON content type (415), invalid UTF-8 or JSON (400), a batch when batching is off or
 * too large (400), and variables that are too large (413) or nested absurdly deep (400).
 */
export function parseRequestBody(raw: Buffer, contentType: string | undefined, rules: BodyRules): ParsedBody {
  const media = parseContentType(contentType);
  if (!media || media.type !== 'application/json' || (media.charset && media.charset !== 'utf-8')) {
    return refuse('UNSUPPORTED_MEDIA_TYPE', 'Send the operation as JSON: content-type: application/json (UTF-8).');
  }
  if (raw.length === 0) return { body: undefined }; // Apollo answers "POST body missing"
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return refuse('BAD_REQUEST', 'The request body is not valid UTF-8.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  const operations = Array.isArray(body) ? body : [body];
  if (Array.isArray(body)) {
    if (rules.maxBatchSize === 0) return refuse('BATCHING_DISABLED', 'Batched operations are not accepted; send one operation per request.');
    if (body.length === 0 || body.length > rules.maxBatchSize) {
      return refuse('BATCH_TOO_LARGE', `A batch holds 1 to ${rules.maxBatchSize} operations; this one has ${body.length}.`);
    }
  }
  for (const operation of operations) {
    const refused = checkVariables((operation as { variables?: unknown } | null)?.variables, rules.maxVariablesBytes);
    if (refused) return refused;
  }
  return { body };
}

/** Checks the `variables` of a GET request's search parameters (as JSON text). */
export function checkVariablesParameter(search: URLSearchParams, maxVariablesBytes: number): ParsedBody | undefined {
  const variables = search.get('variables');
  if (variables !== null && Buffer.byteLength(variables) > maxVariablesBytes) return tooLarge(maxVariablesBytes);
  return undefined;
}

function checkVariables(variables: unknown, maxBytes: number): ParsedBody | undefined {
  if (variables === null || typeof variables !== 'object') return undefined; // Apollo rejects non-objects itself
  if (depthOf(variables) > MAX_VARIABLES_DEPTH) return refuse('BAD_REQUEST', `The variables nest deeper than ${MAX_VARIABLES_DEPTH} levels.`);
  if (Buffer.byteLength(JSON.stringify(variables)) > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

/** Nesting depth of a JSON value, without recursion (a hostile value may nest a million levels). */
function depthOf(value: object): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_VARIABLES_DEPTH) return deepest;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

function parseContentType(header: string | undefined): { type: string; charset?: string } | undefined {
  if (!header) return undefined;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { type: type!, charset };
}

function tooLarge(maxBytes: number): ParsedBody {
  return refuse('VARIABLES_TOO_LARGE', `The variables are larger than ${maxBytes} bytes.`);
}

function refuse(code: ErrorCode, message: string): ParsedBody {
  return { refused: { status: ERRORS[code].httpStatus, code, message } };
}
