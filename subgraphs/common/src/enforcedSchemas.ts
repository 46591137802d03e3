import type { GatewayInterface, GatewayLoadResult, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import type { CompiledPolicy } from '@confero/directives';
import { execute, printSchema, type GraphQLSchema } from 'graphql';
import type { PolicyVersions } from './policyVersions.ts';

/** How a subgraph enforces its policy, version by version (`SubgraphServerOptions.enforcement`). */
export interface SubgraphEnforcement {
  /** The policy versions held; each request is decided under the one its caller context names. */
  policies: PolicyVersions;
  /** Builds the schema that enforces one version (where the `@pii` transformer plugs in). */
  transformSchema: (schema: GraphQLSchema, policy: CompiledPolicy) => GraphQLSchema;
}

/**
 * Apollo Server's "gateway" for a subgraph whose policy is reloaded: one enforced schema per
 * policy version held (built when the version arrives), all with the same types, so Apollo
 * parses and validates against any of them; each request is executed against the schema of
 * its own version (`context.policy`), chosen when its context was made.
 */
export class EnforcedSchemas implements GatewayInterface {
  private readonly schemas = new WeakMap<CompiledPolicy, GraphQLSchema>();
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  constructor(
    private readonly built: GraphQLSchema,
    private readonly enforcement: SubgraphEnforcement,
  ) {
    enforcement.policies.onChange((policy) => void this.schemaFor(policy));
  }

  /** The schema that enforces `policy` (built once). */
  schemaFor(policy: CompiledPolicy): GraphQLSchema {
    let schema = this.schemas.get(policy);
    if (!schema) this.schemas.set(policy, (schema = this.enforcement.transformSchema(this.built, policy)));
    return schema;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    this.listeners.add(callback);
    return () => void this.listeners.delete(callback);
  }

  async load(): Promise<GatewayLoadResult> {
    const apiSchema = this.schemaFor(this.enforcement.policies.current);
    for (const listener of this.listeners) listener({ apiSchema, coreSupergraphSdl: printSchema(this.built) });
    return {
      executor: async (rc) => {
        const { policy } = rc.context as { policy?: CompiledPolicy };
        return execute({
          schema: this.schemaFor(policy ?? this.enforcement.policies.current),
          document: rc.document,
          contextValue: rc.context,
          variableValues: rc.request.variables,
          operationName: rc.operationName,
        });
      },
    };
  }

  async stop(): Promise<void> {}
}
