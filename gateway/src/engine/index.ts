export { HiveEngine } from './hiveEngine.ts';
export type { HiveEngineOptions, HiveSupergraph } from './hiveEngine.ts';
export { QUERY_PLANNERS, queryPlannerOf } from './queryPlannerName.ts';
export type { QueryPlannerName } from './queryPlannerName.ts';
