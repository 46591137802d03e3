import { spawnSync, type SpawnOptions } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why the system's PostgreSQL cluster gets "GIN twins" of FerretDB's indexes.
 *
 * FerretDB 1.x (PostgreSQL backend) keeps each document in a `jsonb` column `_jsonb` and pushes
 * an equality filter down as containment, `_jsonb -> 'field' @> '"value"'` (containment, so that
 * a value inside an array matches too, as in MongoDB). For a MongoDB index it creates a b-tree on
 * `(_jsonb -> 'field')`, which serves `=`, never `@>`: every pushed-down lookup, `{ _id }`
 * included, reads the whole table. A GIN index on the same expression serves `@>`. So an event
 * trigger gives each b-tree index FerretDB creates on document fields a GIN index on the same
 * expressions (named as the b-tree with `_gin` for `_idx`), and drops it with the b-tree. The
 * server also runs with `plan_cache_mode=force_custom_plan`, since FerretDB passes the field name
 * as a parameter, which a generic plan cannot match to the index's expression.
 *
 * Measured on the default seed through the driver: `{ _id }` on opportunities 4.5 → 1.3 ms,
 * deliverables 21 → 1.2 ms; deliverables `{ clientId }` (46 documents) 40 → 12 ms;
 * assignments `{ shopperId }` 13.5 → 1.0 ms.
 *
 * The same trigger serves the project's FerretDB patch (`tools/ferretdb/pushdown.patch`), whose
 * queries would otherwise read (and de-TOAST: a shopper is 6 KB of JSON) every row:
 * - beside the `_id` index, two partial indexes: string `_id`s in bytewise order (the first page
 *   of an unfiltered list by `_id`), and the rows whose `_id` is not a string (always returned
 *   with it; usually none), and one on the `_id`'s type, whose statistics tell the planner so;
 * - beside an index on a dotted path (`address.region`), a b-tree on `jsonb_typeof` of each of its
 *   proper prefixes up to depth 2 (`_jsonb -> 'address'`): the patch's equality on a dotted path
 *   also returns the rows where an array is on the way, and with these PostgreSQL answers both
 *   arms from indexes (a bitmap OR) instead of scanning. They stay until the table goes;
 * - beside an index on (field, `_id`), a schema's own for pages by `_id` of one field's value
 *   (`{ clientId: 1, _id: 1 }`), a b-tree on the field and the string `_id`s in bytewise order
 *   (dropped with it) and one on the field's stored type (`$s`): the patch's exact first page of
 *   `{ field: "value" }` walks the first and stops at the page's end; its rows where the field is
 *   an array, returned beside the page, come from the second (usually none).
 * PostgreSQL's time (EXPLAIN ANALYZE) for the first 51 of 1,000 shoppers by `_id`: 44 ms (two
 * scans, every row de-TOASTed) → 0.2 ms (two index scans). An `address.region` equality scanned
 * the 1,000 shoppers in 27 ms; PostgreSQL now takes the indexes when the value is selective.
 * The first 11 of a client's 272 deliverables by `_id`: 6–10 ms (every row read and sorted) →
 * 0.2 ms.
 */
export const INDEX_TWINS_SQL = `
CREATE OR REPLACE FUNCTION public.confero_gin_twin(btree oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  def text := pg_get_indexdef(btree);
  name text;
  tbl regclass;
  tbl_name text;
  cols text;
  prefix text;
  field text;
  is_string text := $q$(_jsonb -> '$s' -> 'p' -> '_id' -> 't') = '"string"'$q$;
BEGIN
  SELECT c.relname, i.indrelid::regclass, t.relname INTO name, tbl, tbl_name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid WHERE i.indexrelid = btree;
  IF name IS NULL OR name !~ '_idx$' OR tbl::text ~ '_ferretdb_' OR def !~ ' USING btree \\(.*_jsonb' THEN RETURN; END IF;
  cols := regexp_replace(substring(def from ' USING btree \\((.*)\\)$'), ' DESC', '', 'g');
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)', regexp_replace(name, '_idx$', '_gin'), tbl, cols);
  IF cols = $q$((_jsonb -> '_id'::text))$q$ THEN
    EXECUTE format($q$CREATE INDEX IF NOT EXISTS %I ON %s (((_jsonb ->> '_id') COLLATE "C")) WHERE %s$q$, regexp_replace(name, '_idx$', '_ids'), tbl, is_string);
    EXECUTE format($q$CREATE INDEX IF NOT EXISTS %I ON %s ((_jsonb -> '_id')) WHERE (%s) IS NOT TRUE$q$, regexp_replace(name, '_idx$', '_ido'), tbl, is_string);
    -- Statistics of the _id's type (ANALYZE keeps them for an indexed expression), without which
    -- the planner takes every row for one whose _id is not a string, and scans.
    EXECUTE format($q$CREATE INDEX IF NOT EXISTS %I ON %s ((_jsonb -> '$s' -> 'p' -> '_id' -> 't'))$q$, regexp_replace(name, '_idx$', '_idt'), tbl);
  END IF;
  -- An index on (field, _id), a schema's own for the pages by _id of a field's value: the field
  -- then the string _ids in bytewise order (the exact page of a flat string equality), and the
  -- field's stored type (its rows holding an array, returned beside that page; usually none).
  field := substring(cols from $q$^\\(\\(_jsonb -> '(\\w+)'::text\\)\\), \\(\\(_jsonb -> '_id'::text\\)\\)\\Z$q$);
  IF field IS NOT NULL AND field <> '_id' THEN
    EXECUTE format($q$CREATE INDEX IF NOT EXISTS %I ON %s ((_jsonb -> %L), ((_jsonb ->> '_id') COLLATE "C")) WHERE %s$q$, regexp_replace(name, '_idx$', '_ids'), tbl, field, is_string);
    EXECUTE format($q$CREATE INDEX IF NOT EXISTS %I ON %s ((_jsonb -> '$s' -> 'p' -> %L -> 't'))$q$, left(tbl_name, 40) || '_' || left(md5(field), 8) || '_sty', tbl, field);
  END IF;
  FOR prefix IN
    SELECT DISTINCT m[1] FROM regexp_matches(cols, $q$(\\(_jsonb -> '\\w+'::text\\)) -> '\\w+'::text$q$, 'g') AS m
    UNION SELECT DISTINCT m[1] FROM regexp_matches(cols, $q$(\\(\\(_jsonb -> '\\w+'::text\\) -> '\\w+'::text\\)) -> '\\w+'::text$q$, 'g') AS m
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (jsonb_typeof(%s))', left(tbl_name, 40) || '_' || left(md5(prefix), 8) || '_typ', tbl, prefix);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION public.confero_gin_twins_on_create() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM public.confero_gin_twin(r.objid);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION public.confero_gin_twins_on_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects() WHERE object_type = 'index' AND object_name ~ '_idx$' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', r.schema_name, regexp_replace(r.object_name, '_idx$', '_gin'));
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', r.schema_name, regexp_replace(r.object_name, '_idx$', '_ids'));
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS confero_gin_twins_on_create;

CREATE EVENT TRIGGER confero_gin_twins_on_create ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.confero_gin_twins_on_create();

DROP EVENT TRIGGER IF EXISTS confero_gin_twins_on_drop;

CREATE EVENT TRIGGER confero_gin_twins_on_drop ON sql_drop WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION public.confero_gin_twins_on_drop();

DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexrelid FROM pg_index LOOP PERFORM public.confero_gin_twin(r.indexrelid); END LOOP;
END $$;
`;

/** Marks a cluster that has the twins' triggers (and the version of them: a new one installs again, over the old). */
const MARKER = 'confero-index-twins-4';

/**
 * Installs {@link INDEX_TWINS_SQL} in the cluster's `postgres` database once (PostgreSQL's
 * single-user mode, before the server starts: no client program needed). Idempotent.
 */
export function installIndexTwins(postgres: string, dataDir: string, as: SpawnOptions): void {
  if (existsSync(join(dataDir, MARKER))) return;
  // -j: a statement ends with a semicolon and an empty line (the functions' bodies hold semicolons).
  const statements = INDEX_TWINS_SQL.trim().split(/;\n\n/).map((s) => `${s.trim()};\n\n`).join('');
  const run = spawnSync(postgres, ['--single', '-j', '-D', dataDir, '-c', 'log_min_messages=error', 'postgres'], { ...as, input: statements, encoding: 'utf8' });
  if (run.status !== 0 || /ERROR:/.test(run.stdout + run.stderr)) {
    throw new Error(`cannot install FerretDB's index twins in PostgreSQL: ${(run.stderr || run.stdout).slice(-2000)}`);
  }
  writeFileSync(join(dataDir, MARKER), `${new Date().toISOString()}\n`, { mode: 0o644 });
}
