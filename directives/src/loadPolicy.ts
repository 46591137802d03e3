import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { compilePolicy, type CompiledPolicy } from './compilePolicy.ts';
import { policyPath } from './policyPath.ts';
import { checkGuardRails } from './guardRails.ts';
import { policyDocumentSchema, type PolicyDocument } from './policySchema.ts';
import { policyVersionsOf } from './policyVersionsOf.ts';

/** The result of loading a policy: the compiled policy, or every problem found (never both). */
export type LoadPolicyResult = { policy: CompiledPolicy } | { errors: string[] };

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
 * by its path, e.g. `roles.CLIENT.grants[0].categories.IDENTIFERS: unknown category`. A policy
 * that breaks a guard rail (`checkGuardRails`: what no policy may ever grant) is refused too.
 */
export function loadPolicy(input: unknown): LoadPolicyResult {
  if (typeof input === 'string') return loadPolicyFile(input);
  const parsed = policyDocumentSchema.safeParse(input);
  if (!parsed.success) return { errors: parsed.error.issues.flatMap(issueMessages) };
  const errors = [...duplicatePurposes(parsed.data), ...checkGuardRails(parsed.data)];
  if (errors.length > 0) return { errors };
  return { policy: compilePolicy(parsed.data) };
}

/** Reads a JSON policy file and loads it; an unreadable file or bad JSON is an error naming the file. */
export function loadPolicyFile(path: string): LoadPolicyResult {
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
  return loadPolicy(json);
}
