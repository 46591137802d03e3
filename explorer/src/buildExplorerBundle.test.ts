import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExplorerBundle } from './buildExplorerBundle.ts';
import type { ExplorerBundle } from './index.ts';

describe('buildExplorerBundle', () => {
  let bundle: ExplorerBundle;
  beforeAll(async () => {
    bundle = await buildExplorerBundle();
  });

  it('builds the page script, its stylesheet and the three editor workers, each with its content type and gzip copy', () => {
    for (const name of [bundle.script, bundle.style, bundle.workers.editor, bundle.workers.json, bundle.workers.graphql]) {
      expect(bundle.files.has(name), name).toBe(true);
    }
    expect(bundle.script).toMatch(/^explorer-[A-Z0-9]+\.js$/);
    expect(bundle.files.get(bundle.script)!.contentType).toBe('text/javascript; charset=utf-8');
    expect(bundle.files.get(bundle.style)!.contentType).toBe('text/css; charset=utf-8');
    const style = bundle.files.get(bundle.style)!;
    expect(gunzipSync(style.gzip)).toEqual(style.body);
  });

  it('fetches nothing from elsewhere: the stylesheet imports nothing and its fonts are its own', () => {
    const css = bundle.files.get(bundle.style)!.body.toString('utf8');
    expect(css).not.toMatch(/@import/);
    const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url, url.slice(0, 60)).toMatch(/^(data:|\.\/|\/explorer\/assets\/|[A-Za-z0-9_-]+\.(ttf|woff2?)$)/);
  });
});
