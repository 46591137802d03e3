import { checkGuardRailsAgainstSchema, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';

/**
 * Refuses to serve `supergraphSdl` under `policy` when the policy breaks a guard rail that
 * needs the schema's `@pii` to check (`checkGuardRailsAgainstSchema`): the gateway then does
 * not start, and the message names every entry at fault.
 */
export function assertPolicyKeepsGuardRails(policy: CompiledPolicy, supergraphSdl: string): void {
  const problems = checkGuardRailsAgainstSchema(policy, readPiiAnnotations(supergraphSdl));
  if (problems.length === 0) return;
  throw new Error(`gateway: policy ${policy.version} breaks the privacy policy's guard rails on this supergraph:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
