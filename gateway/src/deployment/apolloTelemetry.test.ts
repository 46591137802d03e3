import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@confero/directives';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { keepApolloTelemetryOff } from './apolloTelemetry.ts';
import { buildSupergraph } from './buildSupergraph.ts';

describe('keepApolloTelemetryOff', () => {
  it("turns Apollo Gateway's telemetry off where the operator said nothing", () => {
    const env: NodeJS.ProcessEnv = {};
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('true');
    const empty: NodeJS.ProcessEnv = { APOLLO_TELEMETRY_DISABLED: '' };
    keepApolloTelemetryOff(empty);
    expect(empty.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it("leaves the operator's own choice alone", () => {
    const env: NodeJS.ProcessEnv = { APOLLO_TELEMETRY_DISABLED: 'false' };
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });

  it('is in force once a gateway has built a supergraph', async () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    await buildSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'), { logger: pino({ level: 'silent' }) });
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
