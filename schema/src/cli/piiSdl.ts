import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicyFile, piiDirectiveSdl, PII_SPEC_URL } from '@confero/directives';
import { POLICY_PATH } from '../supergraphFile.ts';

// `npm run pii-sdl [-- --policy FILE]`: prints the @pii directive SDL with the enums of the
// policy's vocabulary (its categories and purposes), for a subgraph not written in TypeScript to
// paste into its schema. Every subgraph of a deployment must declare the same enums (the schema
// lint checks it: pii-vocabulary-mismatch): regenerate it when the policy's vocabulary changes.
// Exit 2 when the policy is invalid.
const { values } = parseArgs({ options: { policy: { type: 'string' } } });
const policyPath = values.policy ? resolve(process.env.INIT_CWD ?? process.cwd(), values.policy) : (process.env.POLICY_PATH || POLICY_PATH);
const loaded = loadPolicyFile(policyPath, process.env.POLICY_INVARIANTS_PATH ? { invariants: process.env.POLICY_INVARIANTS_PATH } : {});
if ('errors' in loaded) {
  process.stderr.write(`pii-sdl: the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(2);
}
process.stdout.write(
  [
    `# The @pii directives and their enums for policy ${loaded.policy.version} (npm run pii-sdl; regenerate when its categories or purposes change).`,
    '# The subgraph also links the spec and asks composition to keep the directives:',
    `#   extend schema @link(url: "${PII_SPEC_URL}", import: ["@pii", "@piiReads", "@notPersonal"])`,
    '#     @composeDirective(name: "@pii") @composeDirective(name: "@piiReads") @composeDirective(name: "@notPersonal")',
    piiDirectiveSdl(loaded.policy).trim(),
    '',
  ].join('\n'),
);
