import type { ApolloServerPlugin } from '@apollo/server';
import { ERRORS } from '@confero/directives';
import type { GatewayContext } from '../gatewayContext.ts';
import type { PersistedOperations } from './persistedOperations.ts';

/** Options of {@link persistedOperationsPlugin}. */
export interface PersistedOperationsPluginOptions {
  /** The registered operations. */
  operations: PersistedOperations;
  /** Roles that may run registered operations only (e.g. `REFERRER`). */
  onlyRoles: ReadonlySet<string>;
}

/**
 * Refuses, with 403 `OPERATION_NOT_ALLOWED` and before anything is planned or fetched, any
 * operation a "registered operations only" role sends that is not registered for that role
 * (by operation name and sha256 of the normalized document). Other roles are unaffected.
 */
export function persistedOperationsPlugin(options: PersistedOperationsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { operations, onlyRoles } = options;
  return {
    async requestDidStart({ contextValue }) {
      const role = contextValue.caller?.role;
      if (!role || !onlyRoles.has(role)) return;
      return {
        async didResolveOperation({ document, operationName }) {
          if (operations.allows(role, document, operationName)) return;
          throw ERRORS.OPERATION_NOT_ALLOWED.err(`Role ${role} may run registered operations only, and ${operationName ? `operation ${operationName}` : 'this anonymous operation'} is not registered for it.`,
          );
        },
      };
    },
  };
}
