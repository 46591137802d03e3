import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPolicyFile, policyDigest, watchFiles, type CompiledPolicy, type FileWatch } from '@confero/directives';
import type { Logger } from 'pino';

/** Options of {@link PolicyVersions}. */
export interface PolicyVersionsOptions {
  /** The policy enforced first (loaded from `policyPath`, when there is one). Required. */
  policy: CompiledPolicy;
  /** The policy file, read again by `reload()` (SIGHUP, a watch, a request naming a version not held). Default: none (the policy given is the only version). */
  policyPath?: string;
  /** The policy's invariants file, whose change reloads the policy too. Default: `invariants.json` beside the policy, when there is one. */
  invariantsPath?: string;
  /** How many versions are held, the current one included: a request decided by a gateway under one of them is decided under it here. Default 4. */
  keep?: number;
  /** Quiet time after a file change before reloading, in ms (`watch`). Default 300. */
  debounceMs?: number;
  /** Where reloads and refusals are logged. Default: not logged. */
  logger?: Logger;
}

/** What a reload did (a refused file leaves the current version in force). */
export type PolicyReloadResult = { outcome: 'unchanged' | 'reloaded'; policy: CompiledPolicy } | { outcome: 'refused'; policy: CompiledPolicy; errors: string[] };

/**
 * The policy versions a subgraph holds: the current one, and the last few before it, by
 * digest (`policyDigest`). A request is decided under the version its caller context names
 * (`Caller.policyDigest`: the one the gateway decided it under), so a response is never
 * decided by two versions while gateways and subgraphs reload at different moments. A version
 * not held makes the subgraph read its policy file again (a gateway that saw the new file
 * first); one still not held is refused (`POLICY_VERSION_UNAVAILABLE`, retryable): roll a new
 * policy out to the subgraphs before the gateways. Reloads work as the gateway's: by content
 * hash, checked by `loadPolicyFile`, refused with a log line while the current one stays.
 */
export class PolicyVersions {
  private readonly held = new Map<string, CompiledPolicy>();
  private latest: CompiledPolicy;
  private lastHash: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The reload a request naming a version not held waits for (shared by every such request meanwhile). */
  private missCheck: Promise<unknown> | undefined;
  private failures = 0;
  private readonly listeners = new Set<(policy: CompiledPolicy) => void>();

  constructor(private readonly options: PolicyVersionsOptions) {
    if (!options?.policy || !(options.policy.roles instanceof Map)) throw new Error('PolicyVersions: policy must be a compiled policy (loadPolicy)');
    this.latest = options.policy;
    this.held.set(policyDigest(options.policy), options.policy);
    if (options.policyPath !== undefined) {
      try {
        this.lastHash = this.read().hash;
      } catch {
        this.lastHash = undefined; // read at the first reload
      }
    }
  }

  /** The version in force: requests that name none are decided under it. */
  get current(): CompiledPolicy {
    return this.latest;
  }

  /** How many reloads were refused (invalid or unreadable files). */
  get reloadFailures(): number {
    return this.failures;
  }

  /** Calls `listener` with each new current version. Returns its removal. */
  onChange(listener: (policy: CompiledPolicy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The version held under `digest`, without reading anything. */
  get(digest: string): CompiledPolicy | undefined {
    return this.held.get(digest);
  }

  /**
   * The version a request is decided under: the current one when `digest` is undefined, the
   * one held under it, else the policy file's after reading it again; undefined when not held.
   */
  async resolve(digest: string | undefined): Promise<CompiledPolicy | undefined> {
    if (digest === undefined) return this.latest;
    const held = this.held.get(digest);
    if (held || this.options.policyPath === undefined) return held;
    await (this.missCheck ??= this.reload().finally(() => (this.missCheck = undefined)));
    return this.held.get(digest);
  }

  /** Reads the policy file again (after any reload under way) and makes a changed, valid one current. */
  reload(): Promise<PolicyReloadResult> {
    const result = this.queue.then(() => this.reloadOnce());
    this.queue = result.catch(() => {});
    return result;
  }

  /** Watches the policy file (and its invariants) and reloads when they change. */
  watch(): FileWatch {
    const path = this.options.policyPath;
    if (path === undefined) return { close() {} };
    return watchFiles({
      paths: [path, ...this.invariantsPaths()],
      debounceMs: this.options.debounceMs,
      onChange: () => void this.reload(),
      onError: (err) => this.options.logger?.error({ err: err.message, path }, 'cannot watch the policy file; reload with SIGHUP'),
    });
  }

  private async reloadOnce(): Promise<PolicyReloadResult> {
    const path = this.options.policyPath;
    if (path === undefined) return { outcome: 'unchanged', policy: this.latest };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let hash: string;
      try {
        hash = this.read().hash;
      } catch (err) {
        return this.refuse([(err as Error).message]);
      }
      if (hash === this.lastHash) return { outcome: 'unchanged', policy: this.latest };
      const { invariantsPath } = this.options;
      const loaded = loadPolicyFile(path, invariantsPath !== undefined ? { invariants: invariantsPath } : {});
      if (this.read().hash !== hash) continue; // written meanwhile: read it again
      this.lastHash = hash;
      if ('errors' in loaded) return this.refuse(loaded.errors.map((e) => `policy ${path}: ${e}`));
      const digest = policyDigest(loaded.policy);
      if (digest === policyDigest(this.latest)) return { outcome: 'unchanged', policy: this.latest };
      this.hold(digest, loaded.policy);
      this.options.logger?.info({ policyVersion: loaded.policy.version, policyDigest: digest, held: [...this.held.keys()] }, 'policy reloaded');
      for (const listener of this.listeners) listener(loaded.policy);
      return { outcome: 'reloaded', policy: loaded.policy };
    }
    return this.refuse(['the policy file kept changing while it was read; reload again once it is written']);
  }

  private hold(digest: string, policy: CompiledPolicy): void {
    this.held.delete(digest);
    this.held.set(digest, policy);
    this.latest = policy;
    const keep = Math.max(1, this.options.keep ?? 4);
    while (this.held.size > keep) this.held.delete(this.held.keys().next().value!);
  }

  private refuse(errors: string[]): PolicyReloadResult {
    this.failures += 1;
    this.options.logger?.error({ errors, policyVersion: this.latest.version, policyDigest: policyDigest(this.latest) }, 'policy reload refused; the current version stays in force');
    return { outcome: 'refused', policy: this.latest, errors };
  }

  private invariantsPaths(): string[] {
    const { policyPath, invariantsPath } = this.options;
    if (invariantsPath !== undefined) return [invariantsPath];
    const beside = join(dirname(policyPath!), 'invariants.json');
    return existsSync(beside) ? [beside] : [];
  }

  /** The policy file's (and its invariants') content hash. Throws, naming the file, when one cannot be read. */
  private read(): { hash: string } {
    const hash = createHash('sha256');
    for (const path of [this.options.policyPath!, ...this.invariantsPaths()]) {
      try {
        const text = readFileSync(path, 'utf8');
        hash.update(`${text.length}:${text}`);
      } catch (err) {
        throw new Error(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    return { hash: hash.digest('hex') };
  }
}
