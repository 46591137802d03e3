import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { policyPath } from '../policyPath.ts';
import { duplicateJsonKeys } from '../duplicateJsonKeys.ts';
import { invariantsDocumentSchema, type PolicyInvariants } from './invariantsSchema.ts';

/** The invariants, or every problem found in their document (never both). */
export type LoadInvariantsResult = { invariants: PolicyInvariants } | { errors: string[] };

function issueMessage(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${policyPath([...issue.path, key])}: unknown property`);
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return [`${policyPath(issue.path)}: required`];
  return [`${policyPath(issue.path)}: ${issue.message}`];
}

/**
 * Validates an invariants document (parsed JSON), or reads the file a string names. Every
 * problem comes back in `errors`, naming the entry by its path (`invariants[2].role: …`) and,
 * for a file, the file.
 */
export function loadInvariants(input: unknown): LoadInvariantsResult {
  if (typeof input !== 'string') return parseInvariants(input, undefined);
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (err) {
    return { errors: [`${input}: cannot read the invariants file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { errors: [`${input}: not valid JSON (${(err as Error).message})`] };
  }
  const duplicates = duplicateJsonKeys(text);
  if (duplicates.length > 0) return { errors: duplicates.map((d) => `${input}: ${d}`) };
  return parseInvariants(json, input);
}

function parseInvariants(json: unknown, source: string | undefined): LoadInvariantsResult {
  const parsed = invariantsDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap(issueMessage);
    return { errors: source === undefined ? errors : errors.map((e) => `${source}: ${e}`) };
  }
  const list = parsed.data.invariants.map((invariant, i) => Object.freeze({ ...invariant, at: `invariants[${i}]` }));
  return { invariants: Object.freeze({ ...(source === undefined ? {} : { source }), list: Object.freeze(list) }) };
}
