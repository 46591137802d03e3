export { HiveEngine } from './hiveEngine.ts';
export type { HiveEngineOptions, HiveSupergraph } from './hiveEngine.ts';
export { DEFAULT_QUERY_PLANNER, QUERY_PLANNERS, queryPlannerOf } from './queryPlannerName.ts';
export type { QueryPlannerName } from './queryPlannerName.ts';
