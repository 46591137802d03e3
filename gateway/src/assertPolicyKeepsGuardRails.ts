import { checkGuardRailsAgainstSchema, checkSchemaVocabulary, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';

/**
 * Refuses to serve `supergraphSdl` under `policy` when they do not fit: when the supergraph's
 * `@pii` names a category or purpose the policy does not declare (`checkSchemaVocabulary`: a
 * typo must not become a silent deny), or when the policy breaks a guard rail that needs the
 * schema's `@pii` to check (`checkGuardRailsAgainstSchema`: the deployment's invariants and the
 * mechanism's own rules). The gateway then does not start, and the message names every entry at fault.
 */
export function assertPolicyKeepsGuardRails(policy: CompiledPolicy, supergraphSdl: string): void {
  const index = readPiiAnnotations(supergraphSdl);
  const undeclared = checkSchemaVocabulary(policy, index);
  if (undeclared.length > 0) {
    throw new Error(`gateway: the supergraph names categories or purposes policy ${policy.version} does not declare:\n${undeclared.map((p) => `  - ${p}`).join('\n')}`);
  }
  const problems = checkGuardRailsAgainstSchema(policy, index);
  if (problems.length === 0) return;
  throw new Error(`gateway: policy ${policy.version} breaks the privacy policy's guard rails on this supergraph:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
