import { fileURLToPath } from 'node:url';
import { CALLER_CONTEXT_HEADER, loadPolicyFile, type CompiledPolicy } from '@confero/directives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../auth/signDevToken.ts';
import { createLogger } from '../logger.ts';
import { startGateway, type RunningGateway } from '../startGateway.ts';
import { startTestFederation, type TestFederation } from '@confero/testing';
import type { QueryPlannerName } from './queryPlannerName.ts';

// The Hive engine against Apollo Gateway's, on a federation of three subgraphs on loopback:
// the same operation through the same privacy gateway must give the same response body.

const SECRETS = { jwt: 'engine-test-jwt-secret-0123456789-abcdefgh', caller: 'engine-test-caller-secret-0123456789-abcdef', hash: 'engine-test-hash-key-0123' };
const POLICY = fileURLToPath(new URL('../../../schema/policy.json', import.meta.url));

describe('HiveEngine', () => {
  let federation: TestFederation;
  let policy: CompiledPolicy;
  let token: string;
  const gateways = {} as Record<QueryPlannerName, RunningGateway>;

  const start = (queryPlanner: QueryPlannerName, subgraphUrls = federation.urls) =>
    startGateway({
      supergraphSdl: federation.supergraphSdl,
      port: 0,
      subgraphUrls,
      callerContextSecret: SECRETS.caller,
      auth: { jwtSecret: SECRETS.jwt },
      policy,
      hashKey: SECRETS.hash,
      mongoUri: false,
      shareInFlightQueries: false,
      queryPlanner,
      logger: createLogger('engine-test', 'silent'),
    });

  beforeAll(async () => {
    federation = await startTestFederation();
    const loaded = loadPolicyFile(POLICY);
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    policy = loaded.policy;
    token = await signDevToken({ sub: 'engine-test', role: 'LEGAL' }, SECRETS.jwt);
    gateways.apollo = await start('apollo');
    gateways.hive = await start('hive');
  });
  afterAll(async () => {
    await Promise.all(Object.values(gateways).map((g) => g.stop()));
    await federation?.stop();
  });

  const post = async (gateway: RunningGateway, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'LEGAL_COMPLIANCE' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } };
  };
  /** Runs on both engines; returns Hive's answer and how many subgraph requests each sent. */
  const both = async (query: string, variables?: Record<string, unknown>) => {
    const counts: Record<string, number> = {};
    const answers = {} as Record<QueryPlannerName, Awaited<ReturnType<typeof post>>>;
    for (const name of ['apollo', 'hive'] as const) {
      const before = Object.values(federation.requests).reduce((sum, r) => sum + r.length, 0);
      answers[name] = await post(gateways[name], query, variables);
      counts[name] = Object.values(federation.requests).reduce((sum, r) => sum + r.length, 0) - before;
    }
    return { apollo: answers.apollo, hive: answers.hive, counts };
  };

  it('answers entity hops back and forth across three subgraphs, with a @requires, as Apollo Gateway does', async () => {
    const { apollo, hive, counts } = await both(/* GraphQL */ `
      query Hops {
        products {
          upc name shippingEstimate
          reviews { id body author { id name favourite { upc name reviews { id author { name } } } } }
        }
      }`);
    expect(hive).toEqual(apollo);
    expect(hive.status).toBe(200);
    expect((hive.body.data as { products: unknown[] }).products).toHaveLength(3);
    expect(counts.hive).toBeLessThanOrEqual(counts.apollo!);
  });

  it('keeps aliases, fragments, __typename, @include and @skip, unions and the order of fields', async () => {
    const query = /* GraphQL */ `
      query Shapes($withReviews: Boolean!, $skipName: Boolean = false) {
        kind: __typename
        first: product(upc: "p2") { ...Card reviews @include(if: $withReviews) { body } }
        search { __typename ... on Product { upc label: name } ... on Store { id name } }
        again: product(upc: "p2") { name @skip(if: $skipName) price }
        missing: product(upc: "nope") { upc }
      }
      fragment Card on Product { name category upc }`;
    for (const variables of [{ withReviews: true }, { withReviews: false, skipName: true }]) {
      const { apollo, hive } = await both(query, variables);
      expect(hive).toEqual(apollo);
      expect(JSON.stringify(hive.body.data)).toBe(JSON.stringify(apollo.body.data)); // key order too
    }
  });

  it('puts a subgraph error of one entity at that entity’s path in the response', async () => {
    const { apollo, hive } = await both(/* GraphQL */ `{ products { upc reviews { author { id email } } } }`);
    expect(hive.body.data).toEqual(apollo.body.data);
    const paths = (r: typeof hive) => (r.body.errors ?? []).map((e) => JSON.stringify(e.path)).sort();
    expect(paths(hive)).toEqual(paths(apollo));
    expect(paths(hive).length).toBeGreaterThan(0);
    // The subgraph's own message and code stay in the logs: Apollo's code and the subgraph's name are returned.
    for (const planner of [hive, apollo]) {
      expect(planner.body.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'users' } });
    }
  });

  it('refuses bad variables as Apollo Gateway does', async () => {
    const { apollo, hive } = await both('query ($upc: String!) { product(upc: $upc) { name } }', {});
    expect(hive).toEqual(apollo);
    expect(hive.body.errors?.[0]?.message).toMatch(/\$upc/);
  });

  it('sends every subgraph request with the signed caller context and the request id', async () => {
    const since = Object.fromEntries(Object.entries(federation.requests).map(([name, list]) => [name, list.length]));
    await post(gateways.hive, '{ products { reviews { author { name } } } }');
    const sent = Object.entries(federation.requests).flatMap(([name, list]) => list.slice(since[name]));
    expect(sent.length).toBeGreaterThan(1);
    for (const request of sent) {
      expect(String(request.headers[CALLER_CONTEXT_HEADER] ?? '')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(request.headers['x-request-id']).toBeTruthy();
    }
  });

  describe('when a subgraph is down', () => {
    it('returns what the others gave, with SUBGRAPH_UNAVAILABLE, as Apollo Gateway does', async () => {
      const down = { ...federation.urls, users: 'http://127.0.0.1:9/graphql' };
      const [apollo, hive] = [await start('apollo', down), await start('hive', down)];
      try {
        const query = '{ products { upc reviews { body } } me { name } }';
        const [a, h] = [await post(apollo, query), await post(hive, query)];
        expect(h).toEqual(a);
        expect(h.body.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
        expect(h.body.data).toMatchObject({ me: null });
        expect((h.body.data as { products: unknown[] }).products).toHaveLength(3);
      } finally {
        await Promise.all([apollo.stop(), hive.stop()]);
      }
    });
  });
});
