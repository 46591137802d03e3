import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Options of {@link watchFiles}. */
export interface WatchFilesOptions {
  /** The files to watch. Required, at least one. */
  paths: readonly string[];
  /** Called once things are quiet after a change in the folder of one of them. Required. */
  onChange: () => void;
  /** Quiet time after the last change before `onChange`, in ms. Default 300. */
  debounceMs?: number;
  /** Told when a folder cannot be watched (it is then not). Default: ignored. */
  onError?: (err: Error) => void;
}

/** Files being watched. */
export interface FileWatch {
  /** Stops watching (a pending `onChange` is dropped). */
  close(): void;
}

/**
 * Watches the folders of `paths` (`fs.watch`) and calls `onChange` once no change has been seen
 * in them for `debounceMs`: an editor's save, a copy, a replace by rename (how editors and
 * Kubernetes' config maps swap a file, which a watch of the file itself would miss) give one
 * call, not one per write. Any change in those folders counts; the caller compares the files'
 * contents (their hash) to tell whether they changed. The watch does not keep the process alive.
 */
export function watchFiles(options: WatchFilesOptions): FileWatch {
  if (!options || options.paths.length === 0) throw new Error('watchFiles: paths must name at least one file');
  if (typeof options.onChange !== 'function') throw new Error('watchFiles: onChange must be a function');
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) options.onChange();
    }, debounceMs);
    timer.unref();
  };
  const watchers: FSWatcher[] = [];
  for (const folder of new Set(options.paths.map((p) => dirname(resolve(p))))) {
    try {
      const watcher = watch(folder, { persistent: false }, changed);
      watcher.on('error', (err) => options.onError?.(err));
      watchers.push(watcher);
    } catch (err) {
      options.onError?.(err as Error);
    }
  }
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
