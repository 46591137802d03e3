export { buildExplorerBundle } from './buildExplorerBundle.ts';
export type { BuildExplorerBundleOptions, ExplorerAsset, ExplorerBundle } from './buildExplorerBundle.ts';
export { explorerBundle } from './explorerBundle.ts';
export type { ExplorerConfig, ExplorerExamples, ExplorerRole, IdentityClaim } from './explorerConfig.ts';
