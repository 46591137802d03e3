import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadPolicyFile } from '@confero/directives';
import { ERRORS_DOC_PATH, README_PATH, renderErrorsPage, renderPolicyMatrix, withPolicyMatrix } from '../docs/index.ts';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run docs`: regenerates docs/errors.md (from ERROR_CODES) and the README's policy matrix
// section (from schema/policy.json). The docs freshness test fails until this has been run.
const loaded = loadPolicyFile(POLICY_PATH);
if ('errors' in loaded) {
  process.stderr.write(`docs: the policy ${POLICY_PATH} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
mkdirSync(dirname(ERRORS_DOC_PATH), { recursive: true });
writeFileSync(ERRORS_DOC_PATH, renderErrorsPage());
const readme = existsSync(README_PATH) ? readFileSync(README_PATH, 'utf8') : undefined;
writeFileSync(README_PATH, withPolicyMatrix(readme, renderPolicyMatrix(loaded.policy)));
process.stdout.write(`wrote ${ERRORS_DOC_PATH}\nupdated the policy matrix in ${README_PATH}\n`);
