import { Counter, Gauge, type Registry } from 'prom-client';

/** What the deployment metrics read of the version being served, at scrape time. */
export interface ServedVersion {
  readonly id: string;
  readonly policy: { readonly version: string };
  readonly policyDigest: string;
}

/** The reload counters, for the reloader's observer. */
export interface DeploymentMetrics {
  /** A new deployment version was swapped in. */
  reloaded(): void;
  /** A reload was refused (the current version kept serving). */
  refused(): void;
}

/**
 * Registers `confero_deployment_info` (1, labelled with the deployment version served: `id`,
 * `policy_version`, `policy_digest`), `confero_reloads_total` (versions swapped in) and
 * `confero_reload_failures_total` (reloads refused: an invalid policy, invariant, supergraph or
 * an unreadable file, while the old version kept serving).
 */
export function registerDeploymentMetrics(registry: Registry, served: () => ServedVersion): DeploymentMetrics {
  const registers = [registry];
  new Gauge({
    name: 'confero_deployment_info',
    help: 'The deployment version (policy and supergraph) this gateway serves: 1, with its id, policy version and policy digest as labels.',
    labelNames: ['id', 'policy_version', 'policy_digest'],
    registers,
    collect() {
      const version = served();
      this.reset();
      this.set({ id: version.id, policy_version: version.policy.version, policy_digest: version.policyDigest }, 1);
    },
  });
  const reloads = new Counter({ name: 'confero_reloads_total', help: 'Deployment versions swapped in by a reload (a changed policy, invariants or supergraph).', registers });
  const failures = new Counter({
    name: 'confero_reload_failures_total',
    help: 'Reloads refused: the new files failed a check start-up makes (or could not be read); the version already served kept serving.',
    registers,
  });
  return { reloaded: () => reloads.inc(), refused: () => failures.inc() };
}
