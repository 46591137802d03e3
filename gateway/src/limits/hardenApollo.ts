import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gatewayContext.ts';
import { persistedOperationsPlugin, type PersistedOperationsPluginOptions } from './persistedOperationsPlugin.ts';
import { createOperationLimits, type ResolvedRequestLimits } from './requestLimits.ts';

/** Options of {@link hardenApollo}. */
export interface HardenApolloOptions {
  limits: ResolvedRequestLimits;
  /** Keep "Did you mean …?" suggestions in validation errors. */
  fieldSuggestions: boolean;
  /** The persisted-operation allowlist, when some roles are restricted to it. */
  persisted?: PersistedOperationsPluginOptions;
}

type HardenedOptions = Pick<
  ApolloServerOptionsWithGateway<GatewayContext>,
  'validationRules' | 'parseOptions' | 'plugins' | 'hideSchemaDetailsFromClientErrors' | 'allowBatchedHttpRequests' | 'includeStacktraceInErrorResponses' | 'stopOnTerminationSignals'
>;

/**
 * The Apollo Server options that enforce the request limits: depth, aliases, directives and
 * cost as validation rules, tokens at parse, suggestions hidden, batching only when
 * `maxBatchSize > 0` (its size is checked at the HTTP layer), no stack traces, and no signal
 * handlers of Apollo's own (the process stops the gateway gracefully itself).
 */
export function hardenApollo(options: HardenApolloOptions): HardenedOptions {
  const { validationRules, parseOptions } = createOperationLimits(options.limits);
  const plugins: ApolloServerPlugin<GatewayContext>[] = options.persisted ? [persistedOperationsPlugin(options.persisted)] : [];
  return {
    validationRules,
    parseOptions,
    plugins,
    hideSchemaDetailsFromClientErrors: !options.fieldSuggestions,
    allowBatchedHttpRequests: options.limits.maxBatchSize > 0,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
  };
}
