import { createRequire } from 'node:module';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The whole-system files whose guarantees must hold on each query planner (`QUERY_PLANNER`):
 * run a second time on Apollo Gateway's planner by the `apollo` project (the property test at 150 runs).
 */
const PRIVACY_CRITICAL = [
  'test/privacyMatrix.test.ts',
  'test/privacyProperty.test.ts',
  'test/accessControl.test.ts',
  'test/audit.test.ts',
  'test/auditStores.test.ts',
  'test/federation.test.ts',
  'test/promises.test.ts',
  'test/promisesAggregatesAndMutations.test.ts',
  'test/inference.test.ts',
  'test/nonInterference.test.ts',
  'test/hotReload.test.ts',
  'examples/clinic/src/clinicSystem.test.ts',
];

export default defineConfig({
  // One graphql copy: vitest would otherwise load graphql's ESM build for our sources while
  // Apollo and graphql-tools get the CommonJS build ("another module or realm" errors).
  // Tests run from source: each package's `exports` condition `confero-source` (its `src/`), not its build.
  resolve: {
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
    conditions: ['confero-source', ...defaultClientConditions],
  },
  // (vitest's own server conditions, Vite's without `module`, with ours in front)
  ssr: { resolve: { conditions: ['confero-source', ...defaultServerConditions.filter((c) => c !== 'module')] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        // Every test, on the planner `QUERY_PLANNER` names (default: Hive's).
        extends: true,
        test: {
          name: 'default',
          include: ['{directives,schema,gateway,explorer,tools,testing,bench}/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        // The privacy-critical whole-system tests again, on Apollo Gateway's planner (`npx vitest run --project apollo`).
        extends: true,
        test: {
          name: 'apollo',
          include: PRIVACY_CRITICAL,
          env: { QUERY_PLANNER: 'apollo', PROPERTY_RUNS: process.env.APOLLO_PROPERTY_RUNS ?? '150', NI_RUNS: process.env.APOLLO_NI_RUNS ?? '10' },
        },
      },
    ],
  },
});
