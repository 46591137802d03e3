import type { ExplorerConfig, ExplorerRole } from '../explorerConfig.ts';
import type { ExplainPlan, GraphQLResult, RunOutcome } from './graphqlResult.ts';

/** A caller as the page picks it: role, purpose, the identity its scope needs, or a pasted token. */
export interface Caller {
  role: string;
  /** The stated purpose; empty: none. */
  purpose: string;
  /** The id the role's scope needs (client, shopper or partner id). */
  identity: string;
  /** A token pasted by the user (production: the only way). */
  token: string;
}

/** One GraphQL request as GraphiQL hands it over. */
export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** What running an operation as a caller gave: the response, and the plan for it. */
export interface CallerRun {
  caller: Caller;
  /** A short description of the caller (`CLIENT · CLIENT_REPORTING · cli_0001`). */
  label: string;
  response: RunOutcome;
  explain: ExplainPlan | null;
  /** Why the explain plan is missing, when it is. */
  explainNote?: string;
}

export function roleOf(config: ExplorerConfig, name: string): ExplorerRole | undefined {
  return config.roles.find((r) => r.name === name);
}

/** The caller a role starts with: its first purpose and the example id its scope needs. */
export function defaultCaller(config: ExplorerConfig, roleName: string, token = ''): Caller {
  const role = roleOf(config, roleName);
  return {
    role: roleName,
    purpose: role?.purposes[0] ?? '',
    identity: role?.identity ? (config.examples.identities[role.identity] ?? '') : '',
    token,
  };
}

export function callerLabel(config: ExplorerConfig, caller: Caller): string {
  if (!config.devTokens) {
    const claims = tokenClaims(caller.token);
    return [claims?.role ?? '(token)', caller.purpose || 'no purpose'].join(' · ');
  }
  return [caller.role, caller.purpose || 'no purpose', caller.identity].filter(Boolean).join(' · ');
}

/** The claims of a JWT, read without verifying it (the gateway verifies; the page only shows them). */
export function tokenClaims(token: string): Record<string, unknown> | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(json) as unknown;
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

interface MintedToken {
  token: string;
  expiresAt: number;
}

/**
 * Tokens for callers: in development minted by the gateway (kept until a minute before they
 * expire); in production the one the user pasted.
 */
export class CallerTokens {
  private readonly minted = new Map<string, MintedToken>();

  constructor(private readonly config: ExplorerConfig) {}

  async tokenFor(caller: Caller): Promise<{ token: string; expiresAt?: number }> {
    const dev = this.config.devTokens;
    if (!dev) {
      if (!caller.token.trim()) throw new Error('Paste a token first: this gateway does not mint tokens (production).');
      return { token: caller.token.trim() };
    }
    const role = roleOf(this.config, caller.role);
    const claim = role?.identity;
    const key = `${caller.role}\u0000${claim ? caller.identity : ''}`;
    const known = this.minted.get(key);
    if (known && known.expiresAt - Date.now() > 60_000) return known;
    const body: Record<string, string> = { role: caller.role };
    if (claim) body[claim] = caller.identity.trim();
    const res = await fetch(dev.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    const json = (await res.json().catch(() => ({}))) as { token?: string; expiresAt?: string; error?: { message?: string } };
    if (!res.ok || !json.token) throw new Error(json.error?.message ?? `The gateway refused to mint a token (${res.status}).`);
    const minted = { token: json.token, expiresAt: Date.parse(json.expiresAt ?? '') || Date.now() + dev.lifetimeSeconds * 1000 };
    this.minted.set(key, minted);
    return minted;
  }
}

async function post(config: ExplorerConfig, headers: Record<string, string>, request: OperationRequest): Promise<RunOutcome> {
  const res = await fetch(config.graphqlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query: request.query, variables: request.variables ?? undefined, operationName: request.operationName ?? undefined }),
  });
  const text = await res.text();
  try {
    return { status: res.status, result: JSON.parse(text) as GraphQLResult };
  } catch {
    return { status: res.status, result: { errors: [{ message: text.slice(0, 500) || `HTTP ${res.status}`, extensions: { code: `HTTP_${res.status}` } }] } };
  }
}

/** Options of {@link runAs}. */
export interface RunOptions {
  /** Ask the gateway to refuse the operation if it asks for a field the caller may not see (`x-privacy-strict: 1`). Default false. */
  strict?: boolean;
  /** Only ask for the plan: nothing runs, nothing is audited. Default false. */
  explainOnly?: boolean;
}

/** Runs the operation as the caller, and asks for its plan (`x-privacy-explain: 1`) alongside. */
export async function runAs(config: ExplorerConfig, tokens: CallerTokens, caller: Caller, request: OperationRequest, options: RunOptions = {}): Promise<CallerRun> {
  const label = callerLabel(config, caller);
  let token: string;
  try {
    token = (await tokens.tokenFor(caller)).token;
  } catch (err) {
    const message = (err as Error).message;
    return { caller, label, response: { status: 0, result: { errors: [{ message, extensions: { code: 'NO_TOKEN' } }] } }, explain: null, explainNote: message };
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (caller.purpose) headers['x-purpose'] = caller.purpose;
  if (options.strict) headers['x-privacy-strict'] = '1';
  const explainRequest = () => (config.explain ? post(config, { ...headers, 'x-privacy-explain': '1' }, request) : Promise.resolve(null));
  const [response, planned] = options.explainOnly
    ? await explainRequest().then((p) => [p ?? { status: 0, result: {} }, p] as const)
    : await Promise.all([post(config, headers, request), explainRequest()]);
  const explain = planned?.result.extensions?.privacy?.explain ?? null;
  const explainNote = !config.explain
    ? 'this gateway does not answer explain requests.'
    : explain
      ? undefined
      : (planned?.result.errors?.[0]?.message ?? 'no plan came back.');
  return { caller, label, response, explain, explainNote };
}
