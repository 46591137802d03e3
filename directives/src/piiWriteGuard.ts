import { GraphQLSchema, type GraphQLError } from 'graphql';
import { ERRORS } from './conferoError.ts';
import type { CompiledPolicy } from './compilePolicy.ts';
import { decide } from './decide.ts';
import type { Caller, PiiAnnotation } from './types.ts';

/** A field a write may not touch, and why (a decision reason, or `NO_CALLER` / `NO_ENFORCEMENT`). */
export interface WriteRefusal {
  readonly coordinate: string;
  readonly reason: string;
}

/** Whether a write may go ahead: every field allowed, or the fields refused. */
export type MayWriteResult = { ok: true } | { ok: false; refused: WriteRefusal[] };

/**
 * The write side of a subgraph's `@pii` enforcement: a caller may write a field only where
 * `decide` gives it the field in full (`allow`) for the purpose it stated, on the record it
 * writes (its consent and the policy version it was collected under count). A masked or
 * withheld field may not be written. Fields without `@pii` are not personal information and
 * are not this guard's concern.
 */
export interface PiiWriteGuard {
  /** Whether `caller` may write every one of `coordinates` (`Type.field`) of `record`. */
  mayWrite(caller: Caller | undefined, coordinates: readonly string[], record?: unknown): MayWriteResult;
  /** Throws a `PII_WRITE_DENIED` error naming every refused field unless `mayWrite` says ok. Call it before writing anything. */
  assertMayWrite(caller: Caller | undefined, coordinates: readonly string[], record?: unknown): void;
  /** The policy version in force (the one a data subject may accept for their record); null without enforcement. */
  readonly policyVersion: string | null;
}

const GUARD_KEY = 'confero.piiWriteGuard';

function writeDenied(caller: Caller | undefined, refused: WriteRefusal[]): GraphQLError {
  const who = caller ? `Role ${caller.role} stating ${caller.purpose ?? 'no purpose'}` : 'A request without a verified caller';
  const what = refused.map((r) => `${r.coordinate} (${r.reason})`).join(', ');
  // A field-level code: the subgraph answers 200 and the gateway forwards the code.
  return ERRORS.PII_WRITE_DENIED.err(`${who} may not write ${what}; nothing was written.`, { refused });
}

function guardFrom(policyVersion: string | null, mayWrite: PiiWriteGuard['mayWrite']): PiiWriteGuard {
  return Object.freeze({
    policyVersion,
    mayWrite,
    assertMayWrite(caller: Caller | undefined, coordinates: readonly string[], record?: unknown) {
      const result = mayWrite(caller, coordinates, record);
      if (!result.ok) throw writeDenied(caller, result.refused);
    },
  });
}

/** A write guard for `policy` over the annotations `annotationOf` knows (a schema's `@pii`, by coordinate). */
export function createPiiWriteGuard(policy: CompiledPolicy, annotationOf: (coordinate: string) => PiiAnnotation | undefined): PiiWriteGuard {
  return guardFrom(policy.version, (caller, coordinates, record) => {
    const refused: WriteRefusal[] = [];
    for (const coordinate of coordinates) {
      const annotation = annotationOf(coordinate);
      if (!annotation) continue;
      if (!caller) {
        refused.push({ coordinate, reason: 'NO_CALLER' });
        continue;
      }
      const decision = decide(policy, { role: caller.role, purpose: caller.purpose, annotation, coordinate, ...(record === undefined ? {} : { record }) });
      if (decision.effect !== 'allow' || decision.condition) refused.push({ coordinate, reason: decision.effect === 'mask' ? 'MASKED' : decision.reason });
    }
    return refused.length === 0 ? { ok: true } : { ok: false, refused };
  });
}

/** Refuses every write: what a schema without `@pii` enforcement gets (deny by default). */
const REFUSE_ALL = guardFrom(null, (_caller, coordinates) =>
  coordinates.length === 0 ? { ok: true } : { ok: false, refused: coordinates.map((coordinate) => ({ coordinate, reason: 'NO_ENFORCEMENT' })) },
);

/** A copy of `schema` that carries `guard` (in its `extensions`), for resolvers to find through `info.schema`. */
export function withPiiWriteGuard(schema: GraphQLSchema, guard: PiiWriteGuard): GraphQLSchema {
  return new GraphQLSchema({ ...schema.toConfig(), extensions: { ...schema.extensions, [GUARD_KEY]: guard } });
}

/**
 * The write guard of the schema a resolver runs in (`info.schema`): the one
 * `piiDirectiveTransformer` attached, or one that refuses every write where no `@pii`
 * enforcement was applied.
 */
export function piiWriteGuardOf(schema: GraphQLSchema): PiiWriteGuard {
  const guard = schema.extensions?.[GUARD_KEY] as PiiWriteGuard | undefined;
  return guard ?? REFUSE_ALL;
}
