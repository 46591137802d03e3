import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicyFile } from '@confero/directives';
import { parse } from 'graphql';
import type { SubgraphDefinition } from '../composeSupergraph.ts';
import { formatProblems, lintSchema } from '../lint/index.ts';
import { referenceSubgraphs } from '../referenceSubgraphs.ts';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run lint:schema [-- --policy FILE] [--invariants FILE] [--subgraph NAME=FILE …]`: lints
// subgraphs' @pii against the policy, checked against its invariants (default:
// POLICY_INVARIANTS_PATH, else invariants.json beside the policy). The subgraphs are the
// reference deployment's, or, with `--subgraph` (once per subgraph), another graph's: each FILE
// is a subgraph's whole SDL (federation @link, the @pii SDL of `npm run pii-sdl`, its types).
// Exit 1 and every problem on stderr when there is one (see schema/src/lint), 2 when the policy
// or a subgraph file is invalid.
const { values } = parseArgs({ options: { policy: { type: 'string' }, invariants: { type: 'string' }, subgraph: { type: 'string', multiple: true } } });
const cwd = process.env.INIT_CWD ?? process.cwd();
const fail = (message: string): never => {
  process.stderr.write(`lint:schema: ${message}\n`);
  process.exit(2);
};
const policyPath = values.policy ? resolve(cwd, values.policy) : POLICY_PATH;
const invariants = values.invariants ? resolve(cwd, values.invariants) : process.env.POLICY_INVARIANTS_PATH;
const loaded = loadPolicyFile(policyPath, invariants ? { invariants } : {});
if ('errors' in loaded) fail(`the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
const { policy } = loaded as Extract<typeof loaded, { policy: unknown }>;
const subgraphs: SubgraphDefinition[] = values.subgraph?.length ? values.subgraph.map(subgraphFromArgument) : referenceSubgraphs();
const { problems } = lintSchema(subgraphs, policy);
if (problems.length > 0) {
  process.stderr.write(`lint:schema: ${problems.length} problem(s) in the subgraphs' @pii:\n${formatProblems(problems)}\n`);
  process.exit(1);
}
process.stdout.write(`lint:schema: ${subgraphs.map((s) => s.name).join(', ')} are clean against policy ${policy.version}\n`);

/** `NAME=FILE` → the subgraph named NAME with the SDL in FILE (its URL does not matter to the lint). */
function subgraphFromArgument(argument: string): SubgraphDefinition {
  const match = /^([A-Za-z_][\w-]*)=(.+)$/.exec(argument);
  if (!match) return fail(`--subgraph ${argument}: expected NAME=FILE`);
  const [, name, file] = match as unknown as [string, string, string];
  try {
    return { name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(resolve(cwd, file), 'utf8')) };
  } catch (err) {
    return fail(`--subgraph ${name}: ${(err as Error).message}`);
  }
}
