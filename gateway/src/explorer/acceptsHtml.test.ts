import { describe, expect, it } from 'vitest';
import { acceptsHtml } from './acceptsHtml.ts';

describe('acceptsHtml', () => {
  it('is true for what browsers send when they navigate', () => {
    expect(acceptsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8')).toBe(true);
    expect(acceptsHtml('TEXT/HTML')).toBe(true);
  });

  it('is false for GraphQL clients, fetch defaults and an explicit q=0', () => {
    expect(acceptsHtml(undefined)).toBe(false);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('application/json')).toBe(false);
    expect(acceptsHtml('application/graphql-response+json, application/json;q=0.9')).toBe(false);
    expect(acceptsHtml('text/html;q=0, application/json')).toBe(false);
  });
});
