import { buildExplorerBundle, type ExplorerBundle } from './buildExplorerBundle.ts';

let pending: Promise<ExplorerBundle> | undefined;

/**
 * The explorer bundle of this process: built on the first call, shared by every later one
 * (and by every gateway the process runs). A failed build is forgotten, so the next call tries again.
 */
export function explorerBundle(): Promise<ExplorerBundle> {
  pending ??= buildExplorerBundle().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
