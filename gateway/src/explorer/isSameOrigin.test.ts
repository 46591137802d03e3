import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './isSameOrigin.ts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('isSameOrigin', () => {
  it('accepts a request whose Origin names the host it was sent to', () => {
    expect(isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }))).toBe(true);
    expect(isSameOrigin(request({ host: 'localhost:4000', origin: 'http://localhost:4000', 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });

  it('refuses a request without an Origin (curl, another server), from another origin, or another site per Sec-Fetch-Site', () => {
    expect(isSameOrigin(request({ host: '127.0.0.1:4000' }))).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://evil.test' }))).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4001' }))).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});
