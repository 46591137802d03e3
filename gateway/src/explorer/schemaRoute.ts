import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPolicy } from '@confero/directives';
import { introspectionFromSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import type { Authenticator } from '../auth/createAuthenticator.ts';
import { sendGraphQLError, sendJson } from '../http/sendJson.ts';

/** Options of {@link schemaRoute}. */
export interface SchemaRouteOptions {
  /** The policy in force (read per request: it may be reloaded). */
  policy: () => CompiledPolicy;
  authenticate: Authenticator;
  /** The gateway's API schema (undefined until the supergraph is loaded). */
  apiSchema: () => GraphQLSchema | undefined;
}

/**
 * `GET /explorer/schema` (development only): the API schema's introspection, for the
 * explorer's completion, to a caller presenting a valid token of a role the policy knows. The
 * GraphQL endpoint's own introspection stays as configured (off unless INTROSPECTION).
 */
export function schemaRoute(options: SchemaRouteOptions) {
  const introspections = new WeakMap<GraphQLSchema, IntrospectionQuery>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = await options.authenticate(Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization);
    if ('error' in auth) return sendGraphQLError(res, auth.error.code, auth.error.message);
    const policy = options.policy();
    if (!policy.hasRole(auth.identity.role)) {
      return sendGraphQLError(res, 'UNKNOWN_ROLE', `The role "${auth.identity.role}" is not known to policy ${policy.version}.`);
    }
    const schema = options.apiSchema();
    if (!schema) return sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', 'The supergraph is not loaded yet.', {}, 503);
    let introspection = introspections.get(schema);
    if (!introspection) introspections.set(schema, (introspection = introspectionFromSchema(schema)));
    sendJson(res, 200, { data: introspection }, { 'cache-control': 'no-store' });
  };
}
