import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPolicyFile, type CompiledPolicy } from '@confero/directives';
import { assertPolicyKeepsGuardRails } from '../assertPolicyKeepsGuardRails.ts';
import { persistedOperationsFor, type PersistedOperationsOptions } from '../limits/index.ts';

/** Where a deployment's files are. */
export interface DeploymentFiles {
  /** The policy file. Required. */
  policyPath: string;
  /** The supergraph file. Default: none (the supergraph the gateway started with stays). */
  supergraphPath?: string;
  /** The policy's invariants file. Default: `invariants.json` beside the policy, when there is one. */
  invariantsPath?: string;
}

/** A deployment version read from its files and validated, not yet built for serving. */
export interface DeploymentSource {
  policy: CompiledPolicy;
  supergraphSdl: string;
}

/** What a deployment's files hold now: their texts and one hash of all of them. */
export interface DeploymentTexts {
  policy: string;
  supergraph: string | undefined;
  invariants: string | undefined;
  /** sha256 of every file's content: equal means nothing changed. */
  hash: string;
}

/** Reads a deployment's files (a file that cannot be read throws, naming it). */
export function readDeploymentTexts(files: DeploymentFiles): DeploymentTexts {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  const invariantsPath = invariantsPathOf(files);
  const texts = {
    policy: read(files.policyPath),
    supergraph: files.supergraphPath === undefined ? undefined : read(files.supergraphPath),
    invariants: invariantsPath === undefined ? undefined : read(invariantsPath),
  };
  const hash = createHash('sha256');
  for (const text of [texts.policy, texts.supergraph, texts.invariants]) hash.update(`${text?.length ?? -1}:${text ?? ''}`);
  return { ...texts, hash: hash.digest('hex') };
}

/** The invariants file of a deployment, when it has one. */
export function invariantsPathOf(files: DeploymentFiles): string | undefined {
  if (files.invariantsPath !== undefined) return files.invariantsPath;
  const beside = join(dirname(files.policyPath), 'invariants.json');
  return existsSync(beside) ? beside : undefined;
}

/** What a deployment version is checked against besides itself. */
export interface DeploymentChecks {
  /** The persisted-operation allowlist: its roles must be the policy's. Default: none. */
  persistedOperations?: PersistedOperationsOptions;
}

/**
 * Loads a deployment version and checks everything start-up checks, or says every problem:
 * the policy (`loadPolicyFile`: the document, its versions and invariants), the policy against
 * the supergraph's `@pii` (`checkGuardRailsAgainstSchema`), and the roles the persisted
 * operations name. `supergraphSdl` stands in for an unset `supergraphPath`. `changed` when the
 * files changed while they were read (read them again). The supergraph itself is checked when
 * it is built for serving (`buildSupergraph`).
 */
export function loadDeployment(
  files: DeploymentFiles,
  texts: DeploymentTexts,
  supergraphSdl: string,
  checks: DeploymentChecks = {},
): { source: DeploymentSource } | { errors: string[] } | { changed: true } {
  const invariantsPath = invariantsPathOf(files);
  const loaded = loadPolicyFile(files.policyPath, invariantsPath !== undefined ? { invariants: invariantsPath } : {});
  if ('errors' in loaded) return { errors: loaded.errors.map((e) => `policy ${files.policyPath}: ${e}`) };
  // The policy read by `loadPolicyFile` must be the one hashed: a file written meanwhile is read again.
  if (readDeploymentTexts(files).hash !== texts.hash) return { changed: true };
  const sdl = texts.supergraph ?? supergraphSdl;
  const problems = checkDeployment(loaded.policy, sdl, checks);
  return problems.length > 0 ? { errors: problems } : { source: { policy: loaded.policy, supergraphSdl: sdl } };
}

/**
 * The checks of a policy against a supergraph and the gateway's settings, at start-up and on
 * every reload: the guard rails that need the schema's `@pii` (`assertPolicyKeepsGuardRails`,
 * through `checkGuardRailsAgainstSchema`), and the roles of the persisted operations.
 */
export function checkDeployment(policy: CompiledPolicy, supergraphSdl: string, checks: DeploymentChecks = {}): string[] {
  const problems: string[] = [];
  const check = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      problems.push((err as Error).message.replace(/^gateway: /, ''));
    }
  };
  check(() => assertPolicyKeepsGuardRails(policy, supergraphSdl));
  check(() => persistedOperationsFor(checks.persistedOperations, policy));
  return problems;
}
