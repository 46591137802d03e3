export type { ExplorerBundle } from './buildExplorerBundle.ts';
export { explorerBundle } from './explorerBundle.ts';
export type { ExplorerConfig, ExplorerExamples } from './explorerConfig.ts';
