import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{directives,schema,gateway,tools}/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
