import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPolicyFile, piiDirectiveTransformer, policyDigest, POLICY_PATH, signCallerContext, type Caller } from '@confero/directives';
import { callSubgraph } from '@confero/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyVersions } from './policyVersions.ts';
import { startSubgraphServer, type RunningSubgraph } from './startSubgraphServer.ts';
import { subgraphTypeDefs } from './subgraphTypeDefs.ts';

// A subgraph whose policy is reloaded decides each request under the version its caller
// context names: held, read from the file again, or refused.

const SECRET = new TextEncoder().encode('enforcement-test-caller-context-secret-0123456789');
const dir = mkdtempSync(join(tmpdir(), 'confero-enforcement-'));
const policyPath = join(dir, 'policy.json');
const schemaFile = join(dir, 'schema.graphql');

/** The shipped policy, with customer service's identifiers allowed or denied. */
function policyText(identifiers: 'allow' | 'deny'): string {
  const document = JSON.parse(readFileSync(POLICY_PATH, 'utf8'));
  document.roles.SUPPORT.grants[0].categories.IDENTIFIERS = identifiers;
  return JSON.stringify(document);
}

describe('startSubgraphServer with a reloaded policy (enforcement)', () => {
  let subgraph: RunningSubgraph;
  let first: string;
  beforeAll(async () => {
    writeFileSync(policyPath, policyText('allow'));
    writeFileSync(schemaFile, 'type Query { secret: String @pii(category: IDENTIFIERS, purpose: [SERVICES]) open: String }');
    const loaded = loadPolicyFile(policyPath);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    first = policyDigest(loaded.policy);
    const policies = new PolicyVersions({ policy: loaded.policy, policyPath });
    subgraph = await startSubgraphServer({
      name: 'enforcement',
      typeDefs: subgraphTypeDefs(pathToFileURL(schemaFile), ['@key']),
      resolvers: { Query: { secret: () => 'the-secret', open: () => 'open' } },
      callerSecret: SECRET,
      enforcement: {
        policies,
        transformSchema: (schema, policy) => piiDirectiveTransformer(schema, { policy, hashKey: 'enforcement-test-hash-key', getCaller: (ctx: { caller?: Caller }) => ctx.caller, masks: 'defer' }),
      },
      createContext: () => ({}),
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (policyDigest?: string) => {
    const caller: Caller = { sub: 'support-1', role: 'SUPPORT', purpose: 'SERVICES', requestId: 'r-1', ...(policyDigest ? { policyDigest } : {}) };
    return callSubgraph(subgraph.url, '{ secret open }', {}, { callerContext: await signCallerContext(caller, { secret: SECRET }) });
  };

  it('decides a request under the version it names, and one naming none under the current version', async () => {
    expect((await ask(first)).json.data).toEqual({ secret: 'the-secret', open: 'open' });
    expect((await ask()).json.data).toEqual({ secret: 'the-secret', open: 'open' });
  });

  it('reads its file again for a version it does not hold yet, and keeps deciding under the one it left', async () => {
    writeFileSync(policyPath, policyText('deny'));
    const loaded = loadPolicyFile(policyPath);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    const second = policyDigest(loaded.policy);
    expect((await ask(second)).json.data).toEqual({ secret: null, open: 'open' });
    expect((await ask(first)).json.data).toEqual({ secret: 'the-secret', open: 'open' });
    expect((await ask()).json.data).toEqual({ secret: null, open: 'open' });
  });

  it('refuses a request decided under a version it does not hold, retryably', async () => {
    const refused = await ask('0123456789abcdef');
    expect(refused.status).toBe(503);
    expect(refused.json.errors?.[0]?.extensions?.code).toBe('POLICY_VERSION_UNAVAILABLE');
    expect(refused.json.data ?? null).toBeNull();
  });
});
