import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import * as esbuild from 'esbuild';

const gzipAsync = promisify(gzip);

/** One file of the bundle, ready to serve. */
export interface ExplorerAsset {
  readonly body: Buffer;
  /** The same bytes, gzip-compressed (served when the browser accepts gzip). */
  readonly gzip: Buffer;
  readonly contentType: string;
}

/** The explorer's browser code, built: every file by name, and the names the page needs. */
export interface ExplorerBundle {
  /** Every file by its name (content-hashed, so it can be cached for good). */
  readonly files: ReadonlyMap<string, ExplorerAsset>;
  /** The page's script and stylesheet. */
  readonly script: string;
  readonly style: string;
  /** The Monaco editor's workers (GraphiQL's editors), by label. */
  readonly workers: { readonly editor: string; readonly json: string; readonly graphql: string };
  /** sha256 of every file name, in order: changes whenever any file does. */
  readonly id: string;
}

/** Options of {@link buildExplorerBundle}. */
export interface BuildExplorerBundleOptions {
  /** Minify the output. Default true. */
  minify?: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const ENTRY_POINTS = {
  // `../src/`: the same file from `src/` and from the build's `dist/` (tsc does not compile the browser code).
  explorer: fileURLToPath(new URL('../src/client/main.tsx', import.meta.url)),
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

/**
 * Bundles the explorer (React, GraphiQL and its Monaco editors, the privacy panels) with
 * esbuild, in memory: nothing is written to disk and nothing is fetched, so the page works
 * offline. About 1.5 s of CPU; the gateway builds it once per process, on first use.
 */
export async function buildExplorerBundle(options: BuildExplorerBundleOptions = {}): Promise<ExplorerBundle> {
  const result = await esbuild.build({
    entryPoints: ENTRY_POINTS,
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    bundle: true,
    write: false,
    outdir: '/explorer-assets',
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    minify: options.minify ?? true,
    legalComments: 'none',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    metafile: true,
  });
  const files = new Map<string, ExplorerAsset>();
  const entries = new Map<string, string>();
  await Promise.all(
    result.outputFiles.map(async (file) => {
      const name = baseName(file.path);
      const body = Buffer.from(file.contents);
      const extension = name.slice(name.lastIndexOf('.'));
      files.set(name, { body, gzip: await gzipAsync(body), contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' });
    }),
  );
  for (const [path, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint || !path.endsWith('.js')) continue;
    const key = entryName(output.entryPoint);
    entries.set(key, baseName(path));
    if (output.cssBundle) entries.set(`${key}.css`, baseName(output.cssBundle));
  }
  const pick = (key: string): string => {
    const name = entries.get(key);
    if (!name) throw new Error(`explorer bundle: no output for ${key}`);
    return name;
  };
  const names = [...files.keys()].sort();
  return {
    files,
    script: pick('explorer'),
    style: pick('explorer.css'),
    workers: { editor: pick('editor.worker'), json: pick('json.worker'), graphql: pick('graphql.worker') },
    id: createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16),
  };
}

/** The entry-point key an output came from (its path as esbuild reports it). */
function entryName(entryPoint: string): string {
  if (entryPoint.endsWith('client/main.tsx')) return 'explorer';
  if (entryPoint.endsWith('editor/editor.worker.js')) return 'editor.worker';
  if (entryPoint.endsWith('json/json.worker.js')) return 'json.worker';
  if (entryPoint.endsWith('graphql.worker.js')) return 'graphql.worker';
  return entryPoint;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
