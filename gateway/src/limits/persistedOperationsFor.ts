import { loadPersistedOperations } from './persistedOperations.ts';
import type { PersistedOperationsPluginOptions } from './persistedOperationsPlugin.ts';

/** Options of the persisted-operation allowlist (`GatewayOptions.persistedOperations`). */
export interface PersistedOperationsOptions {
  /** The persisted-operations JSON file (see `persistedOperationsFileSchema`). */
  path: string;
  /** Roles that may run registered operations only (e.g. `['REFERRER']`). */
  onlyRoles: string[];
}

/**
 * Loads the allowlist for the gateway, or throws a start-up error naming what is wrong: an
 * unreadable or invalid file, or a role the policy does not know (a typo must not leave a
 * role unrestricted). Undefined when no role is restricted.
 */
export function persistedOperationsFor(
  options: PersistedOperationsOptions | undefined,
  policy: { hasRole(role: string): boolean; version: string },
): PersistedOperationsPluginOptions | undefined {
  if (!options || options.onlyRoles.length === 0) return undefined;
  const loaded = loadPersistedOperations(options.path);
  if ('errors' in loaded) throw new Error(`gateway: the persisted operations are invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
  const unknown = [...new Set([...options.onlyRoles, ...loaded.operations.roles()])].filter((role) => !policy.hasRole(role));
  if (unknown.length > 0) throw new Error(`gateway: persisted operations name roles unknown to policy ${policy.version}: ${unknown.join(', ')}`);
  return { operations: loaded.operations, onlyRoles: new Set(options.onlyRoles) };
}
