import { describe, expect, it } from 'vitest';
import { engineOptionsFromEnv } from './engineOptionsFromEnv.ts';
import { parseGatewayEnv } from './gatewayEnv.ts';

describe('engineOptionsFromEnv', () => {
  const from = (source: Record<string, string>) => {
    const parsed = parseGatewayEnv(source);
    if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
    return engineOptionsFromEnv(parsed.env);
  };

  it('runs Apollo Gateway’s planner with request sharing on when nothing is set', () => {
    expect(from({})).toEqual({ queryPlanner: 'hive', shareInFlightQueries: true });
  });

  it('takes QUERY_PLANNER=hive and SHARE_IN_FLIGHT=off', () => {
    expect(from({ QUERY_PLANNER: 'hive', SHARE_IN_FLIGHT: 'off' })).toEqual({ queryPlanner: 'hive', shareInFlightQueries: false });
  });

  it('refuses a planner it does not know, naming the setting', () => {
    const parsed = parseGatewayEnv({ QUERY_PLANNER: 'rust' });
    expect('errors' in parsed && parsed.errors.join('\n')).toMatch(/QUERY_PLANNER/);
  });
});
