import { createHash } from 'node:crypto';
import { policyDigest } from '@confero/directives';
import type { Deployment, ServedSupergraph } from './deployment.ts';
import type { DeploymentSource } from './loadDeployment.ts';
import { digestOf } from './buildSupergraph.ts';

/**
 * The deployment version being served, swapped atomically: `current` is read by each request
 * as it starts (and kept to its end), `swap` replaces it at once for the requests that start
 * after. A superseded version is dropped once no request holds it any more.
 */
export class Deployments {
  private version: Deployment;
  private readonly listeners = new Set<(next: Deployment, previous: Deployment) => void>();

  constructor(initial: Deployment) {
    this.version = initial;
  }

  get current(): Deployment {
    return this.version;
  }

  /** Calls `listener` after each swap (synchronously, in the swap). Returns its removal. */
  onSwap(listener: (next: Deployment, previous: Deployment) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes `next` the version new requests get. */
  swap(next: Deployment): void {
    const previous = this.version;
    this.version = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}

/**
 * Makes a deployment version of a loaded, checked source: its supergraph is the one given
 * when the SDL is the same (its planners and plan caches are kept), else a new one is built.
 */
export async function buildDeployment(
  source: DeploymentSource,
  same: ServedSupergraph | undefined,
  build: (sdl: string) => Promise<ServedSupergraph>,
): Promise<Deployment> {
  const supergraph = same && same.digest === digestOf(source.supergraphSdl) ? same : await build(source.supergraphSdl);
  const digest = policyDigest(source.policy);
  return {
    id: createHash('sha256').update(`${digest}\u0000${supergraph.digest}`).digest('hex').slice(0, 12),
    policy: source.policy,
    policyDigest: digest,
    supergraph,
    piiIndex: supergraph.piiIndex,
    loadedAt: new Date(),
  };
}
