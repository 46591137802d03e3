import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import type { ExplorerConfig } from '../explorerConfig.ts';
import type { Caller, CallerTokens } from './callers.ts';

/**
 * The API schema for the editor's completion. Development: the gateway's own explorer route,
 * for a caller holding a valid token. Production: ordinary introspection, which the gateway
 * refuses unless INTROSPECTION is on — then the editor works without completion.
 */
export async function loadSchema(config: ExplorerConfig, tokens: CallerTokens, caller: Caller): Promise<{ schema: IntrospectionQuery } | { note: string }> {
  let token: string;
  try {
    token = (await tokens.tokenFor(caller)).token;
  } catch (err) {
    return { note: `No schema yet: ${(err as Error).message}` };
  }
  const authorization = `Bearer ${token}`;
  if (config.schemaPath) {
    const res = await fetch(config.schemaPath, { headers: { authorization, accept: 'application/json' } });
    const json = (await res.json().catch(() => ({}))) as { data?: IntrospectionQuery; error?: { message?: string } };
    return json.data ? { schema: json.data } : { note: `No schema: ${json.error?.message ?? `HTTP ${res.status}`}` };
  }
  const res = await fetch(config.graphqlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, ...(caller.purpose ? { 'x-purpose': caller.purpose } : {}) },
    body: JSON.stringify({ query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' }),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: IntrospectionQuery };
  return json.data?.__schema
    ? { schema: json.data }
    : { note: 'No schema-aware completion: introspection is off on this gateway (INTROSPECTION). Queries still run.' };
}
