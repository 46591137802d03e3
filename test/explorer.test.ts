import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken, type RunningGateway } from '@confero/gateway';
import { generateSeedData } from '@confero/tools';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionGateway, PRODUCTION_SECRETS } from './support/productionGateway.ts';
import { startTestSystem, TEST_SEED, type TestSystem } from './support/testSystem.ts';

// The explorer (GET / of the gateway) in Debian's headless chromium, driven by playwright-core:
// a query typed into GraphiQL, run as one caller then another, annotated; the explain plan;
// the compare view; links; the production setting. Screenshots go to test/artifacts/ (git-
// ignored); UPDATE_DOCS_SCREENSHOT=1 also refreshes docs/explorer.png for the README.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, 'artifacts');
const DOCS_SCREENSHOT = join(import.meta.dirname, '..', 'docs', 'explorer.png');
// A deliverable with a receipt whose shopper was collected under the earlier policy (so
// customer service gets no phone: a record rule in the shopper subgraph, without an entry).
const seed = generateSeedData(TEST_SEED);
const shopperOf = new Map(seed.shoppers.map((s) => [s._id, s]));
const deliverable = seed.deliverables.find((d) => d.receipt && shopperOf.get(d.shopperId)?.policyVersion === '2024-01-01' && shopperOf.get(d.shopperId)?.phone)!;
const QUERY = `query Typed { deliverable(id: "${deliverable._id}") { id receipt { amount } shopper { id name email phone ssn address { street city } } } }`;

describe('the explorer', () => {
  let t: TestSystem;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let production: RunningGateway;
  let productionWithExplorer: RunningGateway;
  const requested: string[] = [];
  const failed: string[] = [];
  const graphqlRequests: Array<{ explain: boolean }> = [];

  beforeAll(async () => {
    t = await startTestSystem({
      gateway: {
        explorer: {
          devTokens: true,
          examples: {
            query: '{ __typename }\n',
            role: 'SUPPORT',
            purpose: 'SERVICES',
            identities: { clientId: deliverable.clientId, shopperId: deliverable.shopperId, partnerId: 'ptn_1' },
          },
        },
      },
    });
    base = `http://127.0.0.1:${t.system.gateway.port}`;
    [production, productionWithExplorer] = await Promise.all([productionGateway({}), productionGateway({ EXPLORER: 'on' })]);
    mkdirSync(ARTIFACTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'confero-explorer-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 768 },
    });
    context.on('request', (request) => {
      requested.push(request.url());
      if (request.url().endsWith('/graphql') && request.method() === 'POST') graphqlRequests.push({ explain: request.headers()['x-privacy-explain'] === '1' });
    });
    context.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await production?.stop();
    await productionWithExplorer?.stop();
    await t?.stop();
  });

  const shot = async (name: string) => {
    const path = join(ARTIFACTS, `explorer-${name}.png`);
    writeFileSync(path, await page.screenshot());
    return path;
  };
  const line = (path: string) => page.locator(`#annotated .line[data-path="${path}"]`);
  const run = async (role: string) => {
    await page.locator('.graphiql-execute-button').click();
    await page.locator('#annotated .caller-chip', { hasText: role }).waitFor({ timeout: 60_000 });
  };

  it('serves the page to a browser at /, with a development token and the schema for completion', async () => {
    const response = await page.goto(`${base}/`, { timeout: 120_000 });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await expect(page.locator('#mode-note').getAttribute('data-mode')).resolves.toBe('development');
    await page.locator('#token-status[data-state="ok"]', { hasText: 'token for SUPPORT' }).waitFor({ timeout: 60_000 });
    // The schema reached GraphiQL: its documentation explorer lists the root types.
    await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
    await page.getByText('Root Types').waitFor({ timeout: 30_000 });
    await expect(page.locator('.graphiql-plugin').textContent()).resolves.toContain('Query');
    await page.getByRole('button', { name: /Hide Documentation Explorer/ }).click();
  });

  it('runs a typed query as customer service: withheld and masked fields are marked inline, with why', async () => {
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(QUERY);
    await page.getByRole('button', { name: /Prettify query/ }).click();
    await expect.poll(() => page.locator('.graphiql-query-editor .view-lines').innerText()).toMatch(/\n\s+receipt\s\{/); // Monaco renders spaces as U+00A0
    await run('SUPPORT');
    await expect(line('deliverable.id').textContent()).resolves.toContain(deliverable._id);
    await expect(line('deliverable.id').getAttribute('data-mark')).resolves.toBeNull();
    const receipt = line('deliverable.receipt');
    await expect(receipt.getAttribute('data-mark')).resolves.toBe('withheld');
    await expect(receipt.textContent()).resolves.toMatch(/null.*withheld.*PERSONAL_INFORMATION.*purpose SERVICES.*rule roles\.SUPPORT/);
    const ssn = line('deliverable.shopper.ssn');
    await expect(ssn.getAttribute('data-mark')).resolves.toBe('masked');
    await expect(ssn.textContent()).resolves.toMatch(/"\*\*\*\*\d{4}".*masked: partial/);
    // Collected under 2024-01-01, which gave customer service no phone: the subgraph's record rule, no entry.
    const phone = line('deliverable.shopper.phone');
    await expect(phone.getAttribute('data-mark')).resolves.toBe('no-entry');
    await expect(phone.textContent()).resolves.toMatch(/null.*null \(no policy entry\).*possibly a record rule/);
    await expect(line('deliverable.shopper.email').getAttribute('data-mark')).resolves.toBe('allowed');
    await shot('support');
  });

  it('switches to a client: the same query, other marks', async () => {
    await page.selectOption('#caller-role', 'CLIENT');
    await expect(page.locator('#caller-purpose').inputValue()).resolves.toBe('CLIENT_REPORTING');
    await expect(page.locator('#caller-identity').inputValue()).resolves.toBe(deliverable.clientId);
    await page.locator('#token-status[data-state="ok"]', { hasText: `token for CLIENT ${deliverable.clientId}` }).waitFor();
    await page.locator('.stale').waitFor();
    await run('CLIENT');
    await expect(line('deliverable.shopper.name').textContent()).resolves.toMatch(/"[A-Z]\. [A-Z]\.".*masked: initials/);
    const email = line('deliverable.shopper.email');
    await expect(email.getAttribute('data-mark')).resolves.toBe('withheld');
    await expect(email.textContent()).resolves.toMatch(/IDENTIFIERS.*PURPOSE_LIMITATION.*purpose CLIENT_REPORTING/);
    await expect(line('deliverable.receipt.amount').getAttribute('data-mark')).resolves.toBe('allowed');
    await expect(page.locator('#annotated .counts [data-count="withheld"]').textContent()).resolves.toMatch(/4 withheld/);
    await shot('client');
  });

  it('has the explain plan one click away, and explains without running anything', async () => {
    await page.click('#tab-explain');
    const email = page.locator('#explain-table tr[data-path="deliverable.shopper.email"]');
    await expect(email.getAttribute('data-effect')).resolves.toBe('deny');
    await expect(email.textContent()).resolves.toMatch(/Shopper\.email.*deny.*PURPOSE_LIMITATION.*@pii\(purpose\)/);
    await expect(page.locator('#explain-table tr[data-path="deliverable.shopper.name"]').textContent()).resolves.toContain('mask: initials');
    const before = graphqlRequests.length;
    await page.getByRole('button', { name: /Explain: the privacy plan/ }).click();
    await page.locator('#explain .run-summary', { hasText: 'CLIENT' }).waitFor();
    await expect.poll(() => graphqlRequests.length).toBeGreaterThan(before);
    expect(graphqlRequests.slice(before).every((r) => r.explain)).toBe(true);
    await shot('explain');
  });

  it('in strict mode shows the operation refused, naming each field the caller may not see', async () => {
    await page.check('#strict');
    await page.click('#tab-annotated');
    await page.locator('.graphiql-execute-button').click();
    const refusal = page.locator('#annotated .refusal[data-code="PII_DENIED"]');
    await refusal.waitFor({ timeout: 60_000 });
    await expect(refusal.textContent()).resolves.toMatch(/refused: PII_DENIED/);
    await expect(refusal.locator('li').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^deliverable\.shopper\.email \(Shopper\.email\): PURPOSE_LIMITATION/)]));
    await page.uncheck('#strict');
  });

  it('leaves GraphQL clients as they were: a JSON GET of /graphql is answered by GraphQL, not the page', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${await t.token({ role: 'SUPPORT' })}`, 'x-purpose': 'SERVICES', 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ data: { __typename: 'Query' } });
  });

  it('compares callers side by side and highlights where they differ', async () => {
    await page.click('#tab-compare');
    await page.selectOption('#compare-1-role', 'SUPPORT');
    await page.click('#compare-run');
    const row = (path: string) => page.locator(`#compare-table tr[data-path="${path}"]`);
    await row('deliverable.shopper.email').waitFor({ timeout: 60_000 });
    await expect(page.locator('#compare-table thead th').allTextContents()).resolves.toEqual(['Path', expect.stringMatching(/^A: CLIENT · CLIENT_REPORTING/), expect.stringMatching(/^B: SUPPORT · SERVICES/)]);
    const email = row('deliverable.shopper.email');
    await expect(email.getAttribute('data-differs')).resolves.toBe('true');
    await expect(email.textContent()).resolves.toMatch(/≠.*null.*withheld.*shopper-mail\.test.*allowed/);
    await expect(row('deliverable.id').getAttribute('data-differs')).resolves.toBe('false');
    await expect(row('deliverable.receipt').textContent()).resolves.toMatch(/allowed.*null.*withheld/);
    // The highlight is there to see (a colour), and says so in text too (≠).
    const [differs, same] = await Promise.all([
      email.locator('th').evaluate((el) => getComputedStyle(el).backgroundColor),
      row('deliverable.id').locator('th').evaluate((el) => getComputedStyle(el).backgroundColor),
    ]);
    expect(differs).not.toBe(same);
    await expect(page.locator('#compare-summary').textContent()).resolves.toMatch(/≠ \d+ of \d+ values differ/);
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(await shot('compare'), DOCS_SCREENSHOT);
    else await shot('compare');

    await page.click('#compare-add');
    await page.click('#compare-run');
    await page.locator('#compare-table thead th', { hasText: /^C: / }).waitFor({ timeout: 60_000 });
    await page.check('#compare-only-differences');
    const flags = await page.locator('#compare-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-differs')));
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags)).toEqual(new Set(['true']));
  });

  it('marks with words and icons, not colour alone', async () => {
    const labels = await page.locator('#compare-table .mark').allInnerTexts();
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) expect(label).toMatch(/^[⊘◐✖?⚑✓] [a-z]/);
  });

  it('fits a laptop screen (1366×768) without scrolling the page sideways', async () => {
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (const selector of ['.graphiql-query-editor', '.privacy-pane', '.callerbar']) {
      const box = await page.locator(selector).first().boundingBox();
      expect(box!.x + box!.width, selector).toBeLessThanOrEqual(1366);
      expect(box!.width, selector).toBeGreaterThan(300);
    }
  });

  it('links to /privacy, and /privacy links back', async () => {
    await page.click('#privacy-link');
    await page.waitForURL(`${base}/privacy`);
    await page.click('#explorer-link');
    await page.waitForURL(`${base}/`);
    await page.locator('#token-status[data-state="ok"]').waitFor({ timeout: 60_000 });
  });

  describe('with NODE_ENV=production', () => {
    const post = (gateway: RunningGateway, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${gateway.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${gateway.port}`, ...headers },
        body: JSON.stringify(body),
      });
    const html = { accept: 'text/html' };

    it('serves no explorer unless EXPLORER=on: / is not found, a browser at /graphql gets the usual 401', async () => {
      expect((await fetch(`http://127.0.0.1:${production.port}/`, { headers: html })).status).toBe(404);
      const graphql = await fetch(`http://127.0.0.1:${production.port}/graphql`, { headers: html });
      expect(graphql.status).toBe(401);
      expect(graphql.headers.get('content-type')).toContain('application/json');
      expect((await post(production, '/explorer/token', { role: 'SUPPORT' })).status).toBe(404);
    });

    it('with EXPLORER=on serves the page, but mints no token and serves no schema', async () => {
      const res = await fetch(`http://127.0.0.1:${productionWithExplorer.port}/`, { headers: html });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('"devTokens":null');
      expect((await post(productionWithExplorer, '/explorer/token', { role: 'SUPPORT' })).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${productionWithExplorer.port}/explorer/schema`)).status).toBe(404);
    });

    it('still refuses introspection to an authenticated caller', async () => {
      const token = await signDevToken({ sub: 'support-1', role: 'SUPPORT' }, PRODUCTION_SECRETS.JWT_SECRET);
      const res = await post(productionWithExplorer, '/graphql', { query: '{ __schema { queryType { name } } }' }, { authorization: `Bearer ${token}`, 'x-purpose': 'SERVICES' });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(body).toContain('introspection');
      expect(body).not.toContain('queryType');
    });

    it('asks the user to paste a token, and says the editor has no schema', async () => {
      await page.goto(`http://127.0.0.1:${productionWithExplorer.port}/`, { timeout: 120_000 });
      await expect(page.locator('#mode-note').textContent()).resolves.toContain('mints no tokens');
      await expect(page.locator('#caller-role').count()).resolves.toBe(0);
      await page.fill('#caller-token', await signDevToken({ sub: 'support-1', role: 'SUPPORT' }, PRODUCTION_SECRETS.JWT_SECRET));
      await page.locator('#token-status', { hasText: 'pasted token: role SUPPORT' }).waitFor();
      await page.locator('#schema-note', { hasText: 'introspection is off' }).waitFor({ timeout: 60_000 });
      await shot('production');
    });
  });

  it('made no request off the machine, and none failed', () => {
    expect(requested.length).toBeGreaterThan(10);
    const offMachine = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'data:' || protocol === 'blob:') return false; // inline, not a request anywhere
      return hostname !== '127.0.0.1' && hostname !== 'localhost';
    });
    expect(offMachine).toEqual([]);
    // Refused on purpose: the strict run (403) and the production page's introspection (400). Nothing else failed.
    const expected = [`403 ${base}/graphql`, `400 http://127.0.0.1:${productionWithExplorer.port}/graphql`];
    expect(failed.filter((f) => !expected.includes(f))).toEqual([]);
    expect(failed).toEqual(expect.arrayContaining(expected));
  });
});
