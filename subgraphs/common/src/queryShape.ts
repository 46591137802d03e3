import type { Connection } from 'mongoose';

/**
 * How the data layer shapes its reads for the engine behind a connection:
 * - `batched`: one `$in` query per batch of ids or parents, and a page as a sorted, limited
 *   query plus a count — what MongoDB answers from its indexes (`_id` and the schemas' own);
 *   round trips bounded by the operation's depth and entity types;
 * - `per-key`: FerretDB 1.x, which hands its storage only top-level equality (`{ field: value
 *   }`, served by an index) and reads the whole collection for `$in`, `$or`, `$and`, ranges,
 *   sorts and limits. A batch becomes one equality query per id or parent, all sent at once
 *   (at most `PER_KEY_MAX_QUERIES`, 100, per batch; a larger batch is one `$in` query, so round
 *   trips stay bounded by a constant per batch, not by list size), and a page one equality
 *   query whose records are ordered, cut and counted here (FerretDB would read them for the
 *   page and again for the count) — for a list without a filter, the whole collection, the ids
 *   only (FerretDB reads the records anyway, but only the ids travel), then the page by id;
 * - `pushdown`: the project's build of FerretDB (`tools/ferretdb/pushdown.patch`, its version
 *   `v1.x-confero-pushdown.…`; on PostgreSQL its `buildInfo.ferretdbFeatures.conferoPushdown` is
 *   true), which also hands PostgreSQL `$in`, `$and`, `$or` of equalities,
 *   dotted paths, an unfiltered page by `_id` and an unfiltered count, and (where it says
 *   `conferoExactPages`) the first page by `_id` and the count of a flat string equality. A
 *   batch is one `$in` query (as batched); a first page of an unfiltered list, or of one
 *   filtered by a flat string equality (a client's deliverables), a sorted, limited query plus a
 *   `count` command, neither of which reads every matching record; a page of any other filtered
 *   list one query, ordered, cut and counted here (as per-key: FerretDB still sorts and counts
 *   by reading the matches).
 */
export type QueryShape = 'batched' | 'per-key' | 'pushdown';

/** What the data layer found out about its engine, for the start-up logs and banner. */
export interface QueryShapeInfo {
  shape: QueryShape;
  /** The engine, as its `buildInfo` says: `FerretDB v1.24.2`, `MongoDB 8.0.4`. */
  engine: string;
  /** One line on why this shape. */
  reason: string;
  /**
   * The engine hands its storage the first page by `_id` and the count of a flat string
   * equality (`{ clientId }`) in an exact form (the project's FerretDB build that says
   * `ferretdbFeatures.conferoExactPages`), so the pushdown shape reads such a page as a sorted,
   * limited query plus a count. Absent: false.
   */
  exactPages?: boolean;
}

/** What the data layer reads of `buildInfo`. */
interface BuildInfo {
  version?: unknown;
  ferretdbVersion?: unknown;
  /** FerretDB's extensions; `conferoPushdown` is the project's patched build on PostgreSQL. */
  ferretdbFeatures?: { conferoPushdown?: unknown; conferoExactPages?: unknown };
}

const shapes = new WeakMap<Connection, QueryShapeInfo>();
const detecting = new WeakMap<Connection, Promise<QueryShapeInfo>>();

/**
 * Asks the engine behind `connection` what it is (`buildInfo`), once per connection, and
 * remembers the query shape for {@link queryShapeOf}. Subgraphs call it at start-up.
 */
export function detectQueryShape(connection: Connection): Promise<QueryShapeInfo> {
  let pending = detecting.get(connection);
  if (!pending) {
    pending = (async () => {
      const build = (await connection.db!.admin().buildInfo()) as BuildInfo;
      const info = shapeFor(build, process.env.QUERY_SHAPE);
      shapes.set(connection, info);
      return info;
    })();
    detecting.set(connection, pending);
    pending.catch(() => detecting.delete(connection));
  }
  return pending;
}

/**
 * The shape for an engine's `buildInfo`; `override` (`QUERY_SHAPE`: `batched` or `per-key`, for
 * measuring one shape against the other) wins over the engine's.
 */
export function shapeFor(build: BuildInfo, override?: string): QueryShapeInfo {
  if (override === 'batched' || override === 'per-key' || override === 'pushdown') {
    return { ...shapeFor(build), shape: override, reason: `QUERY_SHAPE=${override}` };
  }
  if (override !== undefined && override !== '' && override !== 'auto') throw new Error(`QUERY_SHAPE must be batched, per-key, pushdown or auto, got ${override}`);
  if (typeof build.ferretdbVersion === 'string' && build.ferretdbFeatures?.conferoPushdown === true) {
    return {
      shape: 'pushdown',
      exactPages: build.ferretdbFeatures.conferoExactPages === true,
      engine: `FerretDB ${build.ferretdbVersion}`,
      reason:
        build.ferretdbFeatures.conferoExactPages === true
          ? 'the project\'s FerretDB build pushes $in, dotted paths, unfiltered pages by _id and first pages of flat string equalities down to PostgreSQL: one $in query per batch; other filtered pages from one read, ordered and counted here'
          : 'the project\'s FerretDB build pushes $in, dotted paths and unfiltered pages by _id down to PostgreSQL: one $in query per batch; a filtered page from one read, ordered and counted here',
    };
  }
  if (typeof build.ferretdbVersion === 'string' && /^v?1\./.test(build.ferretdbVersion)) {
    return {
      shape: 'per-key',
      engine: `FerretDB ${build.ferretdbVersion}`,
      reason: 'FerretDB 1.x pushes only top-level equality down to its storage: one equality query per id or parent; a page from one read, ordered and counted here',
    };
  }
  const engine = typeof build.ferretdbVersion === 'string' ? `FerretDB ${build.ferretdbVersion}` : `MongoDB ${String(build.version ?? '?')}`;
  return { shape: 'batched', engine, reason: 'one $in query per batch, pages as sorted, limited queries with a count, served by indexes' };
}

/** The query shape detected for `connection`; `batched` (right on every engine) before detection. */
export function queryShapeOf(connection: Connection): QueryShape {
  return shapes.get(connection)?.shape ?? 'batched';
}

/** Whether the engine behind `connection` pushes down the first page of a flat string equality exactly ({@link QueryShapeInfo.exactPages}); false before detection. */
export function exactPagesOf(connection: Connection): boolean {
  return shapes.get(connection)?.exactPages === true;
}

/** Fixes the query shape of `connection` whatever its engine (tests of one shape on the embedded engine); {@link detectQueryShape} then answers it. */
export function pinQueryShape(connection: Connection, shape: QueryShape): void {
  const info: QueryShapeInfo = { shape, engine: 'any engine', reason: `pinned to ${shape}` };
  shapes.set(connection, info);
  detecting.set(connection, Promise.resolve(info));
}
