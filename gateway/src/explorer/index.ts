export { createExplorerHandler, EXPLORER_PAGE_PATHS } from './createExplorerHandler.ts';
export type { ExplorerHandlerOptions } from './createExplorerHandler.ts';
export { resolveExplorerOptions, DEFAULT_EXPLORER_QUERY } from './explorerOptions.ts';
export type { ExplorerOptions, ResolvedExplorerOptions } from './explorerOptions.ts';
export { EXPLORER_PATHS } from './explorerConfigFor.ts';
