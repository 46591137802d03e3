/**
 * The query planners the gateway can run behind its privacy layer: `apollo` (Apollo Gateway's
 * JavaScript planner and executor) or `hive` (Hive's Rust planner, executed by `HiveEngine`).
 */
export const QUERY_PLANNERS = ['apollo', 'hive'] as const;
export type QueryPlannerName = (typeof QUERY_PLANNERS)[number];

/**
 * The planner when none is named: Hive's. On the federation gateway audit it passes every test
 * (204 / 204) where Apollo's fails three, and it makes fewer subgraph requests on nested
 * operations (README › Benchmarks). `apollo` stays a setting, tested on every privacy guarantee.
 */
export const DEFAULT_QUERY_PLANNER: QueryPlannerName = 'hive';

/** A planner's name from a setting (`QUERY_PLANNER`); undefined when unset; an error names the choices. */
export function queryPlannerOf(value: string | undefined): QueryPlannerName | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(QUERY_PLANNERS as readonly string[]).includes(value)) throw new Error(`QUERY_PLANNER must be one of ${QUERY_PLANNERS.join(', ')}, got "${value}"`);
  return value as QueryPlannerName;
}
