/** An `exports` map as a `package.json` may write it: a target, or conditions per subpath. */
export type PackageExports = string | Record<string, string | Record<string, string>>;

/** The condition under which a package's `exports` name its source (development, tests, type checks). */
export const SOURCE_CONDITION = 'confero-source';

/** One subpath of an `exports` map: the file it names from source, and the one from the build. */
export interface ExportTarget {
  /** `.`, `./testing`. */
  subpath: string;
  /** Relative to the package (`./src/index.ts`): the `confero-source` target, or the plain one. */
  source: string;
  /** The `default` target of a conditional entry (`./dist/index.js`); undefined for a plain one. */
  built: string | undefined;
}

/**
 * The targets of an `exports` map. A conditional entry names the source under
 * {@link SOURCE_CONDITION} and the build under `default`; one without a source condition yields
 * its `default` as `source`, so a check of it reports the missing file.
 */
export function exportTargets(exports: PackageExports | undefined): ExportTarget[] {
  if (exports === undefined) return [];
  const map = typeof exports === 'string' ? { '.': exports } : exports;
  return Object.entries(map).map(([subpath, target]) =>
    typeof target === 'string'
      ? { subpath, source: target, built: undefined }
      : { subpath, source: target[SOURCE_CONDITION] ?? target.default ?? '', built: target.default },
  );
}

/** The build target that mirrors a source target: `./src/cli/main.ts` → `./dist/cli/main.js`. */
export function builtTargetOf(source: string): string {
  return source.replace(/^\.\/src\//, './dist/').replace(/\.tsx?$/, '.js');
}
