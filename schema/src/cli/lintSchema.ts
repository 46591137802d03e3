import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicyFile } from '@confero/directives';
import { formatProblems, lintSchema } from '../lint/index.ts';
import { referenceSubgraphs } from '../referenceSubgraphs.ts';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run lint:schema [-- --policy FILE] [--invariants FILE]`: lints the reference subgraphs'
// @pii against the policy, checked against its invariants (default: POLICY_INVARIANTS_PATH, else
// invariants.json beside the policy). Exit 1 and every problem on stderr when there is one (see
// schema/src/lint), 2 when the policy is invalid.
const { values } = parseArgs({ options: { policy: { type: 'string' }, invariants: { type: 'string' } } });
const cwd = process.env.INIT_CWD ?? process.cwd();
const policyPath = values.policy ? resolve(cwd, values.policy) : POLICY_PATH;
const invariants = values.invariants ? resolve(cwd, values.invariants) : process.env.POLICY_INVARIANTS_PATH;
const loaded = loadPolicyFile(policyPath, invariants ? { invariants } : {});
if ('errors' in loaded) {
  process.stderr.write(`lint:schema: the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
const subgraphs = referenceSubgraphs();
const { problems } = lintSchema(subgraphs, loaded.policy);
if (problems.length > 0) {
  process.stderr.write(`lint:schema: ${problems.length} problem(s) in the subgraphs' @pii:\n${formatProblems(problems)}\n`);
  process.exit(1);
}
process.stdout.write(`lint:schema: ${subgraphs.map((s) => s.name).join(', ')} are clean against policy ${loaded.policy.version}\n`);
