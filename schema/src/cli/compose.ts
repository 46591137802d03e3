import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../composeSupergraph.ts';
import { referenceSubgraphs } from '../referenceSubgraphs.ts';
import { SUPERGRAPH_PATH } from '../supergraphFile.ts';

// `npm run compose`: writes schema/supergraph.graphql from the three subgraphs' SDL.
const result = composeSupergraph(referenceSubgraphs());
if ('errors' in result) {
  process.stderr.write(`composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`);
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
