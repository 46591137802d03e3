import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicyFile, POLICY_PATH, SUPERGRAPH_PATH } from '@confero/directives';
import { explainOperation, explainSchema } from './explainOperation.ts';
import { formatExplanation } from './formatExplanation.ts';

// `npm run explain -- --role ROLE --purpose PURPOSE [--strict] [--json] [--operation NAME]
//   [--variables JSON] [--policy FILE] [--supergraph FILE] FILE.graphql`: what the gateway would do
// with each field and each reading argument of the operation for that caller. Exit codes: 0
// explained, 1 the gateway would refuse it (an argument that reads a field the caller may not
// receive in full, or --strict and a denied field is asked for), 2 bad input (unknown role or
// purpose, unreadable file, invalid operation or variables).

const USAGE = 'usage: npm run explain -- --role ROLE --purpose PURPOSE [--strict] [--json] [--operation NAME] [--variables JSON] [--policy FILE] [--supergraph FILE] FILE.graphql';

function fail(message: string): never {
  process.stderr.write(`explain: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      purpose: { type: 'string' },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      operation: { type: 'string' },
      variables: { type: 'string' },
      policy: { type: 'string' },
      supergraph: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!values.role || !values.purpose || positionals.length !== 1) fail(USAGE);

// Under `npm run`, relative paths are the caller's (INIT_CWD), not the repository root's.
const base = process.env.npm_lifecycle_event === 'explain' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
const read = (path: string, what: string): string => {
  try {
    return readFileSync(resolve(base, path), 'utf8');
  } catch (err) {
    return fail(`cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
};

const source = read(positionals[0]!, 'operation file');
const policyPath = values.policy ? resolve(base, values.policy) : POLICY_PATH;
const loaded = loadPolicyFile(policyPath, process.env.POLICY_INVARIANTS_PATH ? { invariants: process.env.POLICY_INVARIANTS_PATH } : {});
if ('errors' in loaded) fail(`the policy ${policyPath} is invalid:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
const supergraphPath = values.supergraph ?? SUPERGRAPH_PATH;
const schema = await explainSchema(read(supergraphPath, 'supergraph')).catch((err: Error) =>
  fail(`the supergraph ${supergraphPath} cannot be served: ${err.message}`),
);

let variables: Record<string, unknown> = {};
if (values.variables) {
  try {
    const parsedVariables: unknown = JSON.parse(values.variables);
    if (typeof parsedVariables !== 'object' || parsedVariables === null || Array.isArray(parsedVariables)) throw new Error('not a JSON object');
    variables = parsedVariables as Record<string, unknown>;
  } catch (err) {
    fail(`--variables must be a JSON object: ${(err as Error).message}`);
  }
}

const result = explainOperation({
  schema,
  policy: loaded.policy,
  source,
  role: values.role,
  purpose: values.purpose,
  operationName: values.operation,
  variables,
});
if ('errors' in result) fail(result.errors.join('\n'));
const explanation = result.value;
process.stdout.write(values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
if (explanation.refusedArguments.length > 0) {
  process.stderr.write(`explain: the gateway refuses this operation for ${explanation.role} with ${explanation.purpose}: ${explanation.refusedArguments.map((a) => `${a.argument} reads ${a.reads}`).join(', ')}\n`);
  process.exit(1);
}
if (values.strict && explanation.strictDenied.length > 0) {
  process.stderr.write(`explain: strict: the operation asks for fields denied to ${explanation.role} for ${explanation.purpose}: ${explanation.strictDenied.join(', ')}\n`);
  process.exit(1);
}
