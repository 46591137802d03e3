import type { GatewayOptions } from '../startGateway.ts';
import type { GatewayEnv } from './gatewayEnv.ts';

/** The engine part of the gateway's options, from the validated environment. */
export type EngineOptions = Pick<GatewayOptions, 'queryPlanner' | 'shareInFlightQueries'>;

/** `QUERY_PLANNER` (apollo | hive) and `SHARE_IN_FLIGHT` (on | off). */
export function engineOptionsFromEnv(env: Pick<GatewayEnv, 'QUERY_PLANNER' | 'SHARE_IN_FLIGHT'>): EngineOptions {
  return { queryPlanner: env.QUERY_PLANNER, shareInFlightQueries: env.SHARE_IN_FLIGHT === 'on' };
}
