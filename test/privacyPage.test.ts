import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

// The gateway's /privacy page in a real headless browser (Debian's chromium, driven by
// playwright-core; no browser download). `.ci/run` installs chromium when it is missing.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshot is kept for a look (the test prints the path). */
const SCREENSHOT = join(tmpdir(), 'confero-privacy-page.png');

describe('GET /privacy', () => {
  let t: TestSystem;
  let browser: Browser;
  let page: Page;
  let pageUrl: string;
  const requested: string[] = [];

  beforeAll(async () => {
    t = await startTestSystem();
    pageUrl = `http://127.0.0.1:${t.system.gateway.port}/privacy`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(pageUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const cell = (role: string, purpose: string, category: string, sensitive = false) =>
    page.locator(`#policy-grid td[data-role="${role}"][data-purpose="${purpose}"][data-category="${category}"][data-sensitive="${sensitive}"]`);

  it('shows the policy version and loads nothing but the page itself', async () => {
    await expect(page.locator('#policy-version').textContent()).resolves.toBe(t.policy.version);
    expect(requested).toEqual([pageUrl]);
  });

  it('has a grid cell for every role × purpose × category, plain and sensitive', async () => {
    const cells = t.policy.purposes.size * t.policy.categories.size * t.policy.roles.size;
    await expect(page.locator('#policy-grid td.cell[data-sensitive="false"]').count()).resolves.toBe(cells);
    await expect(page.locator('#policy-grid td.cell[data-sensitive="true"]').count()).resolves.toBe(cells);
  });

  it('colours known decisions', async () => {
    await expect(cell('CLIENT', 'CLIENT_REPORTING', 'IDENTIFIERS').getAttribute('class')).resolves.toMatch(/\bdeny\b/);
    await expect(cell('LEGAL', 'LEGAL_COMPLIANCE', 'PROTECTED_CLASSIFICATIONS', true).getAttribute('class')).resolves.toMatch(/\ballow\b/);
    const support = cell('SUPPORT', 'SERVICES', 'IDENTIFIERS', true);
    await expect(support.getAttribute('class')).resolves.toMatch(/\bmask\b/);
    await expect(support.textContent()).resolves.toBe('mask: partial');
    await expect(cell('SUPPORT', 'SERVICES', 'IDENTIFIERS').getAttribute('class')).resolves.toMatch(/\ballow\b/);
    await expect(cell('RESEARCH', 'INTERNAL_RESEARCH', 'GEOLOCATION').getAttribute('data-strategy')).resolves.toBe('generalize');
    await expect(cell('PARTNER', 'LEGAL_COMPLIANCE', 'IDENTIFIERS').getAttribute('class')).resolves.toMatch(/\bdeny\b.*\bnot-granted\b/);
    // The colours are really there (not just class names).
    const [allow, deny] = await Promise.all([
      cell('LEGAL', 'LEGAL_COMPLIANCE', 'IDENTIFIERS').evaluate((el) => getComputedStyle(el).backgroundColor),
      cell('CLIENT', 'CLIENT_REPORTING', 'IDENTIFIERS').evaluate((el) => getComputedStyle(el).backgroundColor),
    ]);
    expect(allow).not.toBe(deny);
    expect(allow).not.toBe('rgba(0, 0, 0, 0)');
  });

  it("shows per-field overrides with their consent conditions (the partner's Shopper.email)", async () => {
    const row = page.locator('#overrides tr[data-role="PARTNER"][data-coordinate="Shopper.email"]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('.condition-cell').textContent()).resolves.toContain('consents.shareContactWithPartners');
    await expect(page.locator('#overrides tr[data-role="CLIENT"][data-coordinate="Shopper.name"]').first().textContent()).resolves.toContain('mask: initials');
  });

  it('shows the record scope of each role and the @pii fields per type', async () => {
    await expect(page.locator('#scopes tr[data-role="SHOPPER"] td.scope').textContent()).resolves.toBe('self');
    await expect(page.locator('#scopes tr[data-role="CLIENT"] td.scope').textContent()).resolves.toBe('client');
    const ssn = page.locator('#pii-fields tr[data-coordinate="Shopper.ssn"]');
    await expect(ssn.textContent()).resolves.toMatch(/IDENTIFIERS.*LEGAL_COMPLIANCE.*sensitive/);
    await expect(page.locator('#pii-fields tr[data-coordinate="PostalAddress.street"]').textContent()).resolves.toContain('from type');
  });

  it('renders: a non-trivial screenshot and a grid with a real size', async () => {
    const box = await page.locator('#policy-grid').boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(box?.height).toBeGreaterThan(1000);
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(SCREENSHOT, png);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10 * 1024);
    const grid = await page.locator('#policy-grid').screenshot();
    writeFileSync(SCREENSHOT.replace('.png', '-grid.png'), grid);
    expect(grid.length).toBeGreaterThan(10 * 1024);
  });
});
