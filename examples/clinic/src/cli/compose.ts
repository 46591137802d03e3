import { writeFileSync } from 'node:fs';
import { CLINIC_SUPERGRAPH_PATH } from '../clinicFiles.ts';
import { composeClinic } from '../composeClinic.ts';

// `npm run example:clinic:compose`: lints the clinic's subgraphs against its policy and writes
// examples/clinic/supergraph.graphql (a test fails while the committed one is stale).
const result = composeClinic();
if ('errors' in result) {
  process.stderr.write(`clinic: composition refused:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
  process.exit(1);
}
writeFileSync(CLINIC_SUPERGRAPH_PATH, result.supergraphSdl);
process.stdout.write(`wrote ${CLINIC_SUPERGRAPH_PATH}\n`);
