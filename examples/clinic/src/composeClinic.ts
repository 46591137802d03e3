import { loadPolicyFile } from '@confero/directives';
import { composeSupergraph, formatProblems, lintSchema } from '@confero/schema';
import { CLINIC_INVARIANTS_PATH, CLINIC_POLICY_PATH } from './clinicFiles.ts';
import { clinicSubgraphDefinitions } from './clinicSubgraphs.ts';

/**
 * Composes the clinic's supergraph, as `npm run compose` does the reference one: the subgraphs'
 * `@pii` is linted against the clinic's policy (checked against its invariants) first, and a
 * supergraph with a lint problem is not produced. Returns the SDL, or every problem.
 */
export function composeClinic(): { supergraphSdl: string } | { errors: string[] } {
  const loaded = loadPolicyFile(CLINIC_POLICY_PATH, { invariants: CLINIC_INVARIANTS_PATH });
  if ('errors' in loaded) return { errors: loaded.errors.map((e) => `policy: ${e}`) };
  const subgraphs = clinicSubgraphDefinitions();
  const { problems } = lintSchema(subgraphs, loaded.policy);
  if (problems.length > 0) return { errors: formatProblems(problems).split('\n') };
  const composed = composeSupergraph(subgraphs);
  if ('errors' in composed) return composed;
  return { supergraphSdl: composed.supergraphSdl.endsWith('\n') ? composed.supergraphSdl : `${composed.supergraphSdl}\n` };
}
