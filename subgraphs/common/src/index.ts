export { startSubgraphServer } from './startSubgraphServer.ts';
export type { SubgraphServerOptions, RunningSubgraph, SubgraphContext, SubgraphResolvers } from './startSubgraphServer.ts';
export { requireConnection } from './subgraphStartOptions.ts';
export type { SubgraphStartOptions } from './subgraphStartOptions.ts';
export { runSubgraphMain, readSubgraphProcessEnv } from './runSubgraphMain.ts';
export { reconnectWhenStuck } from './reconnectWhenStuck.ts';
export type { ReconnectWhenStuckOptions } from './reconnectWhenStuck.ts';
export type { SubgraphMainOptions, SubgraphProcessStartOptions, SubgraphProcessEnv } from './runSubgraphMain.ts';
export { subgraphTypeDefs } from './subgraphTypeDefs.ts';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  encodeCursor,
  decodeCursor,
  parsePageArgs,
  emptyConnection,
  toConnection,
  pageOfList,
} from './pagination.ts';
export type { PageArgs, PageRequest, ListOrder, Connection } from './pagination.ts';
export { ALL_RECORDS, andFilters, definedOnly } from './filters.ts';
export type { ScopeFilter } from './filters.ts';
export { recordConditionFilter } from './recordConditionFilter.ts';
export { findPage, findByIds, findByParents, READ_BATCH_SIZE } from './findPage.ts';
export { createByIdLoader, createChildPageLoader, createChildListLoader } from './loaders.ts';
export type { ChildPageKey, ChildPageLoaderOptions } from './loaders.ts';
export { isoString } from './isoString.ts';
export { referenceId } from './referenceId.ts';
