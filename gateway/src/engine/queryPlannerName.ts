/**
 * The query planners the gateway can run behind its privacy layer: `apollo` (Apollo Gateway's
 * JavaScript planner and executor) or `hive` (Hive's Rust planner, executed by `HiveEngine`).
 */
export const QUERY_PLANNERS = ['apollo', 'hive'] as const;
export type QueryPlannerName = (typeof QUERY_PLANNERS)[number];

/** A planner's name from a setting (`QUERY_PLANNER`); undefined when unset; an error names the choices. */
export function queryPlannerOf(value: string | undefined): QueryPlannerName | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(QUERY_PLANNERS as readonly string[]).includes(value)) throw new Error(`QUERY_PLANNER must be one of ${QUERY_PLANNERS.join(', ')}, got "${value}"`);
  return value as QueryPlannerName;
}
