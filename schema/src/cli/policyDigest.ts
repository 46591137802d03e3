import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicyFile, policyDigest } from '@confero/directives';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run policy-digest [-- --policy FILE]`: prints the digest by which the gateway names a
// policy version in the caller context (`policyDigest`) and in audit events, for a subgraph not
// written in TypeScript to key the policy versions it holds (docs/adopting.md). The digest is of
// the policy as loaded and validated (its invariants checked), so an invalid file has none: exit 2.
const { values } = parseArgs({ options: { policy: { type: 'string' } } });
const policyPath = values.policy ? resolve(process.env.INIT_CWD ?? process.cwd(), values.policy) : (process.env.POLICY_PATH || POLICY_PATH);
const loaded = loadPolicyFile(policyPath, process.env.POLICY_INVARIANTS_PATH ? { invariants: process.env.POLICY_INVARIANTS_PATH } : {});
if ('errors' in loaded) {
  process.stderr.write(`policy-digest: the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
process.stdout.write(`${policyDigest(loaded.policy)}\n`);
