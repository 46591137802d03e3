import { describe, expect, it } from 'vitest';
import { parseDuration } from './parseDuration.ts';

describe('parseDuration', () => {
  it('reads a whole number with an optional unit, in seconds', () => {
    expect(parseDuration('3600')).toBe(3600);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('90m')).toBe(5400);
    expect(parseDuration('24h')).toBe(86_400);
    expect(parseDuration(' 2d ')).toBe(172_800);
  });

  it('reads nothing else', () => {
    for (const text of ['', '1.5h', '-1h', '+1h', '1 h', '1w', '12hours', 'h', '1e3']) expect(parseDuration(text), text).toBeUndefined();
  });
});
