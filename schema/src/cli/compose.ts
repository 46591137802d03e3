import { writeFileSync } from 'node:fs';
import { loadPolicyFile } from '@confero/directives';
import { composeSupergraph } from '../composeSupergraph.ts';
import { formatProblems, lintSchema } from '../lint/index.ts';
import { referenceSubgraphs } from '../referenceSubgraphs.ts';
import { POLICY_PATH, SUPERGRAPH_PATH } from '../supergraphFile.ts';

// `npm run compose`: writes schema/supergraph.graphql from the three subgraphs' SDL.
const result = composeSupergraph(referenceSubgraphs());
if ('errors' in result) {
  process.stderr.write(`composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
// A supergraph whose @pii is incomplete or inconsistent with the policy is not written.
const policy = loadPolicyFile(POLICY_PATH, process.env.POLICY_INVARIANTS_PATH ? { invariants: process.env.POLICY_INVARIANTS_PATH } : {});
const lint = 'errors' in policy ? { problems: policy.errors.map((message) => ({ rule: 'policy', message })) } : lintSchema(referenceSubgraphs(), policy.policy);
if (lint.problems.length > 0) {
  process.stderr.write(`composition refused: the schema lint found ${lint.problems.length} problem(s):\n${formatProblems(lint.problems as Parameters<typeof formatProblems>[0])}\n`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`);
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
