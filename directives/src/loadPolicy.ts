import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { checkPolicyVocabulary } from './checkPolicyVocabulary.ts';
import { compilePolicy, type CompiledPolicy } from './compilePolicy.ts';
import { duplicateJsonKeys } from './duplicateJsonKeys.ts';
import { checkInvariants, invariantVocabularyProblems } from './invariants/checkInvariants.ts';
import type { PolicyInvariants } from './invariants/invariantsSchema.ts';
import { loadInvariants } from './invariants/loadInvariants.ts';
import { refusingNeverGrants } from './invariants/neverGrantInvariant.ts';
import { policyPath } from './policyPath.ts';
import { policyDocumentSchema, type PolicyDocument } from './policySchema.ts';
import { policyVersionsOf } from './policyVersionsOf.ts';

/** The result of loading a policy: the compiled policy, or every problem found (never both). */
export type LoadPolicyResult = { policy: CompiledPolicy } | { errors: string[] };

/** The file name the invariants go by beside a policy file, when no other file is named. */
export const INVARIANTS_FILE_NAME = 'invariants.json';

/** Options of {@link loadPolicy} and {@link loadPolicyFile}. */
export interface LoadPolicyOptions {
  /**
   * The deployment's invariants (guard rails), which every version of the policy must keep: an
   * invariants document (parsed JSON), or the path of its file; `false` for none.
   * Default: for `loadPolicyFile`, `invariants.json` beside the policy file when there is one
   * (`POLICY_INVARIANTS_PATH` names another, read by the processes); for `loadPolicy`, none.
   */
  invariants?: unknown;
}

function issueMessages(issue: z.core.$ZodIssue): string[] {
  const at = policyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${policyPath([...issue.path, key])}: unknown property`);
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return [`${at}: required`];
  return [`${at}: ${issue.message}`];
}

/** Checks that need more than one entry: a role may grant each purpose once (in every version). */
function duplicatePurposes(document: PolicyDocument): string[] {
  const errors: string[] = [];
  for (const { roles, at: version } of policyVersionsOf(document)) {
    for (const [role, spec] of Object.entries(roles)) {
      const grantedBy = new Map<string, number>();
      spec.grants.forEach((grant, g) => {
        grant.purposes.forEach((purpose, p) => {
          const first = grantedBy.get(purpose);
          if (first === undefined) grantedBy.set(purpose, g);
          else {
            const at = policyPath([...version, 'roles', role, 'grants', g, 'purposes', p]);
            errors.push(`${at}: purpose ${purpose} is already granted by ${policyPath([...version, 'roles', role, 'grants', first])}`);
          }
        });
      });
    }
  }
  return errors;
}

/**
 * Validates a policy document (a parsed JSON value) and compiles it for `decide`.
 * A string is taken as the path of a policy file (see {@link loadPolicyFile}).
 * Never throws for a bad policy: every problem comes back in `errors`, each naming the entry
 * by its path, e.g. `roles.ANALYST.grants[0].categories.IDENTIFERS: unknown category`. Every
 * name a rule uses must be one the policy declares (its `categories`, `purposes`, `scopes`,
 * and the roles of its current version), and a policy that breaks one of the deployment's
 * invariants (`options.invariants`) is refused too, in every version it keeps.
 */
export function loadPolicy(input: unknown, options: LoadPolicyOptions = {}): LoadPolicyResult {
  if (typeof input === 'string') return loadPolicyFile(input, options);
  let invariants: PolicyInvariants | undefined;
  if (options.invariants !== undefined && options.invariants !== false) {
    const loaded = loadInvariants(options.invariants);
    if ('errors' in loaded) return loaded;
    invariants = loaded.invariants;
  }
  const parsed = policyDocumentSchema.safeParse(input);
  if (!parsed.success) return { errors: parsed.error.issues.flatMap(issueMessages) };
  const document = parsed.data;
  const list = invariants?.list ?? [];
  const errors = [
    ...checkPolicyVocabulary(document, (purpose) => refusingNeverGrants(list, purpose).length > 0),
    ...duplicatePurposes(document),
    ...invariantVocabularyProblems(document, list),
    ...checkInvariants(document, list),
  ];
  if (errors.length > 0) return { errors };
  return { policy: compilePolicy(document, invariants) };
}

/**
 * Reads a JSON policy file and loads it; an unreadable file, bad JSON or a key written twice
 * in one object is an error naming the file. The invariants default to `invariants.json`
 * beside the file, when there is one.
 */
export function loadPolicyFile(path: string, options: LoadPolicyOptions = {}): LoadPolicyResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { errors: [`${path}: cannot read the policy file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { errors: [`${path}: not valid JSON (${(err as Error).message})`] };
  }
  const duplicates = duplicateJsonKeys(text);
  if (duplicates.length > 0) return { errors: duplicates };
  const beside = join(dirname(path), INVARIANTS_FILE_NAME);
  const invariants = options.invariants !== undefined ? options.invariants : existsSync(beside) ? beside : undefined;
  return loadPolicy(json, { invariants });
}
