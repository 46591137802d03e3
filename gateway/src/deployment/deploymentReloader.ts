import { watchFiles, type FileWatch } from '@confero/directives';
import type { Logger } from 'pino';
import { describeDeployment, type Deployment, type ServedSupergraph } from './deployment.ts';
import { buildDeployment, type Deployments } from './deployments.ts';
import { loadDeployment, readDeploymentTexts, invariantsPathOf, type DeploymentChecks, type DeploymentFiles } from './loadDeployment.ts';

/** Options of {@link DeploymentReloader}. */
export interface DeploymentReloaderOptions {
  /** The deployment's files. Required. */
  files: DeploymentFiles;
  /** The versions being served: a reloaded one is swapped in here. Required. */
  deployments: Deployments;
  /** Builds a new supergraph for serving (new planners). Required. */
  buildSupergraph: (sdl: string) => Promise<ServedSupergraph>;
  /** What a version is checked against besides itself (persisted operations). Default: none. */
  checks?: DeploymentChecks;
  /** Told of each swap and each refusal (metrics). Default: none. */
  observer?: { reloaded?(deployment: Deployment): void; refused?(errors: string[]): void };
  /** Quiet time after a file change before reloading, in ms. Default 300. */
  debounceMs?: number;
  logger: Logger;
}

/** What a reload did: nothing changed, a new version serves, or the files were refused (the old version still serves). */
export type ReloadResult =
  | { outcome: 'unchanged'; deployment: Deployment }
  | { outcome: 'reloaded'; deployment: Deployment; previous: Deployment }
  | { outcome: 'refused'; deployment: Deployment; errors: string[] };

/**
 * Reloads a deployment from its files: on `reload()` (SIGHUP, or a caller) and, with
 * `watch()`, when they change. The files' content hash decides whether anything changed; a
 * changed version is loaded and checked as at start-up (`loadDeployment`), its supergraph
 * built for serving when it is new, then swapped in at once. A version that fails is refused
 * with an error log line (and `observer.refused`, the `confero_reload_failures_total` metric)
 * and the current one keeps serving; the same files are not tried again until they change.
 * Reloads run one at a time.
 */
export class DeploymentReloader {
  private queue: Promise<unknown> = Promise.resolve();
  /** The hash of the files last loaded (served or refused). */
  private lastHash: string | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: DeploymentReloaderOptions) {
    this.logger = options.logger.child({ component: 'reload' });
  }

  /** Reloads now (after any reload under way). */
  reload(): Promise<ReloadResult> {
    const result = this.queue.then(() => this.reloadOnce());
    this.queue = result.catch(() => {});
    return result;
  }

  /** Watches the files (debounced) and reloads when they change. */
  watch(): FileWatch {
    const { files } = this.options;
    const paths = [files.policyPath, files.supergraphPath, invariantsPathOf(files)].filter((p): p is string => p !== undefined);
    return watchFiles({
      paths,
      debounceMs: this.options.debounceMs,
      onChange: () => void this.reload(),
      onError: (err) => this.logger.error({ err: err.message, paths }, 'cannot watch the deployment files; reload with SIGHUP'),
    });
  }

  private async reloadOnce(): Promise<ReloadResult> {
    const { files, deployments } = this.options;
    const current = deployments.current;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let texts;
      try {
        texts = readDeploymentTexts(files);
      } catch (err) {
        return this.refuse(current, [(err as Error).message]);
      }
      if (texts.hash === this.lastHash) return { outcome: 'unchanged', deployment: current };
      const loaded = loadDeployment(files, texts, current.supergraph.sdl, this.options.checks);
      if ('changed' in loaded) continue;
      this.lastHash = texts.hash;
      if ('errors' in loaded) return this.refuse(current, loaded.errors);
      let next: Deployment;
      try {
        next = await buildDeployment(loaded.source, current.supergraph, this.options.buildSupergraph);
      } catch (err) {
        return this.refuse(current, [`supergraph: ${(err as Error).message}`]);
      }
      if (next.id === current.id) return { outcome: 'unchanged', deployment: current };
      deployments.swap(next);
      this.options.observer?.reloaded?.(next);
      this.logger.info({ ...describeDeployment(next), previous: current.id }, 'deployment reloaded');
      return { outcome: 'reloaded', deployment: next, previous: current };
    }
    return this.refuse(current, ['the deployment files kept changing while they were read; reload again once they are written']);
  }

  private refuse(current: Deployment, errors: string[]): ReloadResult {
    this.options.observer?.refused?.(errors);
    this.logger.error({ errors, serving: current.id, policyVersion: current.policy.version }, 'deployment reload refused; the current version keeps serving');
    return { outcome: 'refused', deployment: current, errors };
  }
}
